/**
 * The stored waveform peaks files: declared once, for the worker that writes them and the member
 * player that reads them. The player imports this file on its own (`@party/media/peaks-format`),
 * so it imports nothing: no sharp, no ffmpeg, and no zod either (zod/mini alone added ~18 KB to
 * the member bundle, 6 KB gzipped, for three small shapes). The readers build their results field by field, so
 * the compiler holds them to the interfaces below.
 *
 * Levels are interleaved `[min, max, …]` pairs in -1..1, passed to wavesurfer as
 * `peaks: [level.data]` with the track's `duration`, so the browser never downloads or decodes
 * audio to draw a waveform.
 */
export const PEAKS_LAYOUT = 'minmax-interleaved';

/** One resolution of the waveform. */
export interface PeakLevel {
  /** PCM samples (at the file's `sampleRate`) summarised by one min/max pair. */
  samplesPerPeak: number;
  /** Interleaved `[min0, max0, min1, max1, ...]`, each in -1..1, rounded to 3 decimals. */
  data: number[];
}

/**
 * Version 1 of `peaks.json`, with both levels: what the reducer computes, and what tracks
 * processed before the levels were split still have in the bucket.
 */
export interface WaveformPeaks {
  version: 1;
  /** Layout of `data`: pass `peaks: [level.data]` and `duration: durationSeconds` to wavesurfer. */
  layout: typeof PEAKS_LAYOUT;
  sampleRate: number;
  /** Length of the decoded audio the peaks span. */
  durationSeconds: number;
  overview: PeakLevel;
  detail: PeakLevel;
}

/**
 * Version 2 of `peaks.json`: what the player needs to draw the whole track at once. The detail
 * level is a file of its own (`peaks-detail.json`, a {@link PeakLevel}) that the player fetches
 * when the member zooms in, so opening a 4-hour set downloads ~25 KB of peaks instead of ~2 MB.
 */
export interface OverviewPeaksFile {
  version: 2;
  layout: typeof PEAKS_LAYOUT;
  sampleRate: number;
  durationSeconds: number;
  overview: PeakLevel;
  /** Resolution of the detail file, so the player knows what a zoom will get before fetching it. */
  detail: { samplesPerPeak: number };
}

/** The two files stored next to the renditions. */
export function splitPeaks(peaks: WaveformPeaks): { overview: OverviewPeaksFile; detail: PeakLevel } {
  return {
    overview: {
      version: 2,
      layout: peaks.layout,
      sampleRate: peaks.sampleRate,
      durationSeconds: peaks.durationSeconds,
      overview: peaks.overview,
      detail: { samplesPerPeak: peaks.detail.samplesPerPeak },
    },
    detail: peaks.detail,
  };
}

/** A track's peaks as a reader holds them, whichever version of `peaks.json` they came from. */
export interface TrackPeaks {
  durationSeconds: number;
  overview: PeakLevel;
  /** Null while the separate detail file (version 2) has not been fetched. */
  detail: PeakLevel | null;
}

type Fields = Record<string, unknown>;

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** NaN is not > 0 either. */
function isPositive(value: unknown): value is number {
  return typeof value === 'number' && value > 0;
}

function isPairs(value: unknown): value is number[] {
  if (!Array.isArray(value) || value.length % 2 !== 0) return false;
  for (const item of value) if (typeof item !== 'number') return false;
  return true;
}

function readLevel(value: unknown): PeakLevel | null {
  if (!isObject(value) || !isPositive(value.samplesPerPeak) || !isPairs(value.data)) return null;
  return { samplesPerPeak: value.samplesPerPeak, data: value.data };
}

/** Either version of `peaks.json`, whole; anything the player cannot draw is refused rather than half-drawn. */
function readPeaksFile(value: unknown): WaveformPeaks | OverviewPeaksFile {
  if (!isObject(value)) throw new Error('The waveform data is not an object.');
  const { version, layout, sampleRate, durationSeconds } = value;
  if ((version !== 1 && version !== 2) || layout !== PEAKS_LAYOUT) {
    throw new Error('The waveform data has a format this player does not know.');
  }
  const incomplete = new Error('The waveform data is incomplete.');
  const overview = readLevel(value.overview);
  const durationKnown = typeof durationSeconds === 'number' && durationSeconds >= 0;
  if (!overview || !isPositive(sampleRate) || !durationKnown) throw incomplete;
  if (version === 1) {
    const detail = readLevel(value.detail);
    if (!detail) throw incomplete;
    return { version, layout, sampleRate, durationSeconds, overview, detail };
  }
  if (!isObject(value.detail) || !isPositive(value.detail.samplesPerPeak)) throw incomplete;
  const detail = { samplesPerPeak: value.detail.samplesPerPeak };
  return { version, layout, sampleRate, durationSeconds, overview, detail };
}

/** What the player keeps of a `peaks.json`: the levels it holds, the detail of version 2 to come. */
export function parsePeaksFile(value: unknown): TrackPeaks {
  const file = readPeaksFile(value);
  return {
    durationSeconds: file.durationSeconds,
    overview: file.overview,
    detail: file.version === 1 ? file.detail : null,
  };
}

/** Reads a separately stored detail level (`peaks-detail.json`). */
export function parsePeakLevel(value: unknown): PeakLevel {
  const level = readLevel(value);
  if (!level) throw new Error('The detailed waveform data is incomplete.');
  return level;
}
