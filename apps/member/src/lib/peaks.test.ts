import type { TrackPeaks } from '@party/media/peaks-format';
import { describe, expect, it } from 'vitest';
import { levelFor, maxZoomFactor, pxPerSecond } from './peaks';

const overview = { samplesPerPeak: 39690, data: [-0.1, 0.1] };
const detail = { samplesPerPeak: 4410, data: [-0.2, 0.2] };

describe('peaks', () => {
  it('uses the overview for the whole track and detail when zoomed in, once it is there', () => {
    const both: TrackPeaks = { durationSeconds: 1800, overview, detail };
    expect(levelFor(both, 1)).toBe(overview);
    expect(levelFor(both, 4)).toBe(detail);
    const split: TrackPeaks = { ...both, detail: null };
    expect(levelFor(split, 4)).toBe(overview);
  });
  it('zooms from fitting the track up to a bounded pixels-per-second', () => {
    expect(pxPerSecond(1, 900, 1800)).toBe(0);
    expect(pxPerSecond(4, 900, 1800)).toBe(2);
    expect(pxPerSecond(512, 900, 1800)).toBe(40);
    expect(maxZoomFactor(900, 1800)).toBe(64);
    expect(maxZoomFactor(900, 10)).toBe(1);
  });
});
