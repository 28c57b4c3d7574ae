export { type EmbeddedChapters, readEmbeddedChapters } from './chapters';
export { DETAIL_PEAKS_PER_SECOND, OVERVIEW_PEAKS } from './peaks';
export { type OverviewPeaksFile, type PeakLevel, splitPeaks, type WaveformPeaks } from './peaks-format';
export {
  type AudioPlan,
  MP3_TIER_KBPS,
  type Mp3Tier,
  type PlannedRendition,
  planRenditions,
  type RenditionTier,
  type SkippedRendition,
} from './plan';
export { type AudioFacts, type AudioTags, type CoverArt, probeAudio } from './probe';
export {
  type AudioRendition,
  type ProcessAudioOptions,
  type ProcessedAudio,
  type ProcessingStage,
  processAudio,
} from './process';
export { titleFromFileName } from './track-title';
