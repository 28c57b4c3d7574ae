import type { PeakLevel, TrackPeaks } from '@party/media/peaks-format';

/*
 * Zooming the waveform. The peaks files themselves (and their parser) are declared once, in
 * `@party/media/peaks-format`, next to the worker that writes them.
 */

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
export function levelFor(peaks: TrackPeaks, factor: number): PeakLevel {
  return factor > 1 && peaks.detail ? peaks.detail : peaks.overview;
}
