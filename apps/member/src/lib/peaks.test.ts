import { describe, expect, it } from 'vitest';
import { levelFor, maxZoomFactor, parsePeakLevel, parsePeaks, pxPerSecond } from './peaks';

const peaks = {
  version: 1,
  layout: 'minmax-interleaved',
  sampleRate: 44100,
  durationSeconds: 1800,
  overview: { samplesPerPeak: 39690, data: [-0.1, 0.1] },
  detail: { samplesPerPeak: 4410, data: [-0.2, 0.2] },
};

/** Version 2: the detail level is a file of its own. */
const overviewOnly = { ...peaks, version: 2, detail: { samplesPerPeak: 4410 } };

describe('peaks', () => {
  it('accepts both stored formats and refuses others', () => {
    expect(parsePeaks(peaks)).toEqual({
      durationSeconds: 1800,
      overview: peaks.overview,
      detail: peaks.detail,
    });
    expect(parsePeaks(overviewOnly)).toEqual({
      durationSeconds: 1800,
      overview: peaks.overview,
      detail: null,
    });
    expect(() => parsePeaks({ ...peaks, version: 3 })).toThrow(/format/);
    expect(() => parsePeaks({ ...peaks, detail: null })).toThrow(/incomplete/);
    expect(() => parsePeaks({ ...overviewOnly, overview: { data: [] } })).toThrow(/incomplete/);
    expect(parsePeakLevel(peaks.detail)).toBe(peaks.detail);
    expect(() => parsePeakLevel({ samplesPerPeak: 1 })).toThrow(/incomplete/);
  });
  it('uses the overview for the whole track and detail when zoomed in, once it is there', () => {
    const parsed = parsePeaks(peaks);
    expect(levelFor(parsed, 1)).toBe(parsed.overview);
    expect(levelFor(parsed, 4)).toBe(parsed.detail);
    const split = parsePeaks(overviewOnly);
    expect(levelFor(split, 4)).toBe(split.overview);
    expect(levelFor({ ...split, detail: peaks.detail }, 4)).toBe(peaks.detail);
  });
  it('zooms from fitting the track up to a bounded pixels-per-second', () => {
    expect(pxPerSecond(1, 900, 1800)).toBe(0);
    expect(pxPerSecond(4, 900, 1800)).toBe(2);
    expect(pxPerSecond(512, 900, 1800)).toBe(40);
    expect(maxZoomFactor(900, 1800)).toBe(64);
    expect(maxZoomFactor(900, 10)).toBe(1);
  });
});
