/**
 * A track's waveform peaks (computed on the server next to the renditions): levels of interleaved
 * `[min, max, …]` pairs in -1..1, passed to wavesurfer as `peaks: [level.data]` with the track's
 * `duration`, so the browser never downloads or decodes audio to draw a waveform.
 *
 * Stored as `peaks.json` with the overview, and (since version 2) the detail level in a file of
 * its own that is fetched only when the member zooms in; version 1 files hold both levels.
 */
export interface PeakLevel {
  samplesPerPeak: number;
  data: number[];
}

export interface WaveformPeaks {
  durationSeconds: number;
  overview: PeakLevel;
  /** Null until the separate detail file has been fetched. */
  detail: PeakLevel | null;
}

function isLevel(value: unknown): value is PeakLevel {
  if (typeof value !== 'object' || value === null) return false;
  const level = value as Record<string, unknown>;
  return typeof level.samplesPerPeak === 'number' && Array.isArray(level.data);
}

/** Checks the parts the player relies on; anything else is refused rather than half-drawn. */
export function parsePeaks(value: unknown): WaveformPeaks {
  if (typeof value !== 'object' || value === null) throw new Error('The waveform data is not an object.');
  const peaks = value as Record<string, unknown>;
  if ((peaks.version !== 1 && peaks.version !== 2) || peaks.layout !== 'minmax-interleaved') {
    throw new Error('The waveform data has a format this player does not know.');
  }
  const inlineDetail = peaks.version === 1 ? peaks.detail : null;
  if (
    typeof peaks.durationSeconds !== 'number' ||
    !isLevel(peaks.overview) ||
    (peaks.version === 1 && !isLevel(inlineDetail))
  ) {
    throw new Error('The waveform data is incomplete.');
  }
  return {
    durationSeconds: peaks.durationSeconds,
    overview: peaks.overview,
    detail: isLevel(inlineDetail) ? inlineDetail : null,
  };
}

/** Checks a separately stored detail level (`peaks-detail.json`). */
export function parsePeakLevel(value: unknown): PeakLevel {
  if (!isLevel(value)) throw new Error('The detailed waveform data is incomplete.');
  return value;
}

/** Zoom steps, as multiples of the width that shows the whole track. */
export const ZOOM_STEPS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512] as const;

/** Beyond this the detail level (10 peaks a second) has fewer peaks than the screen has bars. */
export const MAX_PX_PER_SEC = 40;

/** Pixels per second of a zoom step; 0 at step 1 means "fit the whole track". */
export function pxPerSecond(factor: number, width: number, duration: number): number {
  if (factor <= 1 || width <= 0 || duration <= 0) return 0;
  return Math.min(MAX_PX_PER_SEC, (width / duration) * factor);
}

/** How many zoom steps make sense for this track at this width. */
export function maxZoomFactor(width: number, duration: number): number {
  if (width <= 0 || duration <= 0) return 1;
  const fit = width / duration;
  let best = 1;
  for (const factor of ZOOM_STEPS) {
    if (fit * factor <= MAX_PX_PER_SEC * 1.5) best = factor;
  }
  return best;
}

/** The overview for the whole track; detail peaks once zoomed in (the overview until they arrive). */
export function levelFor(peaks: WaveformPeaks, factor: number): PeakLevel {
  return factor > 1 && peaks.detail ? peaks.detail : peaks.overview;
}
