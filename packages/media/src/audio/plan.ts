import type { AudioFacts } from './probe';

export type Mp3Tier = 'high' | 'medium';
export type RenditionTier = Mp3Tier | 'flac';

/** Constant bitrates of the MP3 tiers (see DESIGN.md, Audio): CBR, because VBR drifts against the waveform. */
export const MP3_TIER_KBPS: Readonly<Record<Mp3Tier, number>> = { high: 320, medium: 192 };

export interface PlannedRendition {
  tier: RenditionTier;
  codec: 'mp3' | 'flac';
  /** Constant bitrate of an MP3 tier; null for FLAC. */
  bitrateKbps: number | null;
  /**
   * `encode` from the decoded source, or `copy` the source's MP3 frames unchanged: re-encoding an
   * MP3 that is already CBR at the tier's bitrate would only lose quality.
   */
  method: 'encode' | 'copy';
  sampleRate: number;
  channels: number;
  fileName: string;
}

export interface SkippedRendition {
  tier: RenditionTier;
  /** Why, in a sentence for the admin. */
  reason: string;
}

/** The renditions to make of one original, and what the player streams. */
export interface AudioPlan {
  renditions: PlannedRendition[];
  skipped: SkippedRendition[];
  /**
   * True when no MP3 tier can be made without upscaling (a lossy source below 192 kbps): the
   * original itself is streamed, and is the only thing there is to download.
   */
  streamOriginal: boolean;
  /** What the player streams by default. */
  defaultStream: 'medium' | 'original';
  /** The facts of the source that processing needs. */
  source: {
    durationSeconds: number;
    /** Lossless with a declared sample count: decoding less than that means the file is cut off. */
    verifyLength: boolean;
    lossless: boolean;
    sampleRate: number;
    channels: number;
  };
}

/** MPEG-1 Layer III rates; anything else is resampled to the nearest family (88.2/176.4 kHz to 44.1). */
export function mp3SampleRate(sourceRate: number): number {
  if (sourceRate === 32_000 || sourceRate === 44_100 || sourceRate === 48_000) return sourceRate;
  return sourceRate % 11_025 === 0 ? 44_100 : 48_000;
}

/** Lossy bitrates are averages; a 192 kbps stream reported at 191.9 kbps still gets the 192 tier. */
const BITRATE_TOLERANCE = 1.02;

function isCbrMp3At(facts: AudioFacts, kbps: number): boolean {
  return (
    facts.container === 'MPEG' &&
    facts.codec === 'MPEG 1 Layer 3' &&
    facts.codecProfile === 'CBR' &&
    Math.abs(facts.bitrate - kbps * 1000) < 1000 &&
    facts.channels <= 2 &&
    mp3SampleRate(facts.sampleRate) === facts.sampleRate
  );
}

function isPcmOriginal(facts: AudioFacts): boolean {
  return (facts.container === 'WAVE' || facts.container.startsWith('AIFF')) && facts.lossless;
}

/**
 * Decides which renditions to make of an original (see DESIGN.md, Audio):
 * - lossless: MP3 320 (high) and MP3 192 (medium); WAV/AIFF also get a FLAC download copy;
 * - lossy: only the tiers at or below the source's own bitrate, never an upscale; an MP3 that is
 *   already CBR at a tier's bitrate is copied, not re-encoded;
 * - lossy below 192 kbps: no MP3 tier at all; the original is streamed as it is
 *   (`streamOriginal`), since any tier would be an upscale of it.
 */
export function planRenditions(facts: AudioFacts): AudioPlan {
  const renditions: PlannedRendition[] = [];
  const skipped: SkippedRendition[] = [];
  const channels = Math.min(facts.channels, 2);
  const sourceKbps = Math.round(facts.bitrate / 1000);

  for (const tier of ['high', 'medium'] as const) {
    const kbps = MP3_TIER_KBPS[tier];
    if (!facts.lossless && kbps * 1000 > facts.bitrate * BITRATE_TOLERANCE) {
      skipped.push({
        tier,
        reason: `The original is lossy at ${sourceKbps} kbps; a ${kbps} kbps copy would be larger without sounding better.`,
      });
      continue;
    }
    renditions.push({
      tier,
      codec: 'mp3',
      bitrateKbps: kbps,
      method: !facts.lossless && isCbrMp3At(facts, kbps) ? 'copy' : 'encode',
      sampleRate: mp3SampleRate(facts.sampleRate),
      channels,
      fileName: `${tier}.mp3`,
    });
  }

  if (isPcmOriginal(facts)) {
    if (facts.codec === 'PCM' && (facts.bitDepth === 16 || facts.bitDepth === 24) && facts.channels <= 8) {
      renditions.push({
        tier: 'flac',
        codec: 'flac',
        bitrateKbps: null,
        method: 'encode',
        sampleRate: facts.sampleRate,
        channels: facts.channels,
        fileName: 'original.flac',
      });
    } else {
      skipped.push({
        tier: 'flac',
        reason:
          facts.codec === 'PCM float'
            ? 'The original has floating-point samples, which FLAC cannot hold; only the original is offered for download.'
            : `FLAC copies are made of 16- and 24-bit recordings with up to 8 channels; this one is ${facts.bitDepth ?? '?'}-bit with ${facts.channels} channels.`,
      });
    }
  }

  const hasMedium = renditions.some((rendition) => rendition.tier === 'medium');
  return {
    renditions,
    skipped,
    streamOriginal: !hasMedium,
    defaultStream: hasMedium ? 'medium' : 'original',
    source: {
      durationSeconds: facts.durationSeconds,
      verifyLength: facts.lossless && facts.exactDuration,
      lossless: facts.lossless,
      sampleRate: facts.sampleRate,
      channels: facts.channels,
    },
  };
}
