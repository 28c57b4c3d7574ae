import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The version line of the ffmpeg on PATH, or undefined when there is none. Audio processing needs
 * it; the server reports its absence at start instead of failing the first upload.
 */
export async function ffmpegVersion(binary = 'ffmpeg'): Promise<string | undefined> {
  try {
    const { stdout } = await run(binary, ['-hide_banner', '-version'], { timeout: 10_000 });
    return stdout.split('\n')[0]?.trim() || undefined;
  } catch {
    return undefined;
  }
}

export {
  type AudioFacts,
  type AudioPlan,
  type AudioRendition,
  type ProcessedAudio,
  planRenditions,
  probeAudio,
  processAudio,
  splitPeaks,
  type WaveformPeaks,
} from './audio';
export { MediaError, type MediaErrorCode } from './errors';
export {
  COVER_EDGE,
  detectImageType,
  type ImageVariant,
  type ImageVariantFormat,
  type ImageVariantName,
  type ProcessedCover,
  type ProcessedImage,
  processCover,
  processImage,
} from './images';
export { sha256File } from './images/sha256';
