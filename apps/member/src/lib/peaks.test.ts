import { describe, expect, it } from 'vitest';
import { levelFor, maxZoomFactor, parsePeaks, pxPerSecond } from './peaks';

const peaks = {
  version: 1,
  layout: 'minmax-interleaved',
  sampleRate: 44100,
  durationSeconds: 1800,
  overview: { samplesPerPeak: 39690, data: [-0.1, 0.1] },
  detail: { samplesPerPeak: 4410, data: [-0.2, 0.2] },
};

describe('peaks', () => {
  it('accepts the stored format and refuses others', () => {
    expect(parsePeaks(peaks).durationSeconds).toBe(1800);
    expect(() => parsePeaks({ ...peaks, version: 2 })).toThrow(/format/);
    expect(() => parsePeaks({ ...peaks, detail: null })).toThrow(/incomplete/);
  });
  it('uses the overview for the whole track and detail when zoomed in', () => {
    const parsed = parsePeaks(peaks);
    expect(levelFor(parsed, 1)).toBe(parsed.overview);
    expect(levelFor(parsed, 4)).toBe(parsed.detail);
  });
  it('zooms from fitting the track up to a bounded pixels-per-second', () => {
    expect(pxPerSecond(1, 900, 1800)).toBe(0);
    expect(pxPerSecond(4, 900, 1800)).toBe(2);
    expect(pxPerSecond(512, 900, 1800)).toBe(40);
    expect(maxZoomFactor(900, 1800)).toBe(64);
    expect(maxZoomFactor(900, 10)).toBe(1);
  });
});
