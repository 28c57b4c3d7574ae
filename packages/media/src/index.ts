export {
  type AudioFacts,
  type AudioPlan,
  type AudioRendition,
  type EmbeddedChapters,
  type ProcessedAudio,
  planRenditions,
  probeAudio,
  processAudio,
  readEmbeddedChapters,
  splitPeaks,
  titleFromFileName,
  type WaveformPeaks,
} from './audio';
export { ffmpegVersion } from './audio/ffmpeg';
export { MediaError, type MediaErrorCode } from './errors';
export {
  COVER_EDGE,
  detectImageType,
  finishImage,
  type ImageVariant,
  type ImageVariantFormat,
  type ImageVariantName,
  type ProcessedCover,
  type ProcessedImage,
  processCover,
  processImage,
} from './images';
export { sha256File } from './images/sha256';
