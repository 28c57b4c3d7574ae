import { describe, expect, it } from 'vitest';
import { PeakReducer } from './peaks';
import { parsePeakLevel, parsePeaksFile, splitPeaks } from './peaks-format';

/** Version 1: both levels in `peaks.json`, as tracks processed before the split have it. */
const both = {
  version: 1,
  layout: 'minmax-interleaved',
  sampleRate: 44100,
  durationSeconds: 1800,
  overview: { samplesPerPeak: 39690, data: [-0.1, 0.1] },
  detail: { samplesPerPeak: 4410, data: [-0.2, 0.2] },
};

/** Version 2: the detail level is a file of its own. */
const overviewOnly = { ...both, version: 2, detail: { samplesPerPeak: 4410 } };

describe('parsePeaksFile', () => {
  it('reads both stored versions', () => {
    expect(parsePeaksFile(both)).toEqual({
      durationSeconds: 1800,
      overview: both.overview,
      detail: both.detail,
    });
    expect(parsePeaksFile(overviewOnly)).toEqual({
      durationSeconds: 1800,
      overview: both.overview,
      detail: null,
    });
  });

  it('reads what the worker writes', () => {
    const reducer = new PeakReducer(1, 100);
    reducer.push(new Uint8Array(Int16Array.from({ length: 100 }, (_, i) => (i % 2 ? 8192 : -8192)).buffer));
    const peaks = reducer.finish();
    const { overview, detail } = splitPeaks(peaks);
    const stored = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
    expect(parsePeaksFile(stored(peaks))).toEqual({
      durationSeconds: 1,
      overview: peaks.overview,
      detail: peaks.detail,
    });
    expect(parsePeaksFile(stored(overview))).toEqual({
      durationSeconds: 1,
      overview: peaks.overview,
      detail: null,
    });
    expect(parsePeakLevel(stored(detail))).toEqual(peaks.detail);
  });

  it('refuses a version or layout it does not know', () => {
    expect(() => parsePeaksFile({ ...both, version: 3 })).toThrow(/format/);
    expect(() => parsePeaksFile({ ...overviewOnly, version: '2' })).toThrow(/format/);
    expect(() => parsePeaksFile({ ...both, layout: 'min-max-planar' })).toThrow(/format/);
    expect(() => parsePeaksFile([1, 2])).toThrow(/not an object/);
    expect(() => parsePeaksFile('peaks')).toThrow(/not an object/);
    expect(() => parsePeaksFile(null)).toThrow(/not an object/);
  });

  it('refuses a truncated file', () => {
    expect(() => parsePeaksFile({ ...both, detail: null })).toThrow(/incomplete/);
    expect(() => parsePeaksFile({ ...both, detail: undefined })).toThrow(/incomplete/);
    expect(() => parsePeaksFile({ ...overviewOnly, overview: { data: [] } })).toThrow(/incomplete/);
    expect(() => parsePeaksFile({ ...overviewOnly, durationSeconds: undefined })).toThrow(/incomplete/);
    expect(() => parsePeaksFile({ version: 2, layout: 'minmax-interleaved' })).toThrow(/incomplete/);
  });

  it('refuses levels of the wrong length or content', () => {
    const level = (data: unknown[]) => ({ samplesPerPeak: 4410, data });
    expect(() => parsePeaksFile({ ...overviewOnly, overview: level([-0.1, 0.1, -0.2]) })).toThrow(
      /incomplete/,
    );
    expect(() => parsePeaksFile({ ...both, detail: level([0.5]) })).toThrow(/incomplete/);
    expect(() => parsePeaksFile({ ...both, detail: level([-0.1, '0.1']) })).toThrow(/incomplete/);
    expect(() => parsePeaksFile({ ...both, overview: { samplesPerPeak: 0, data: [] } })).toThrow(
      /incomplete/,
    );
    // An empty level is a track too short for one pair: nothing to draw, but not broken.
    expect(parsePeaksFile({ ...overviewOnly, overview: level([]) }).overview.data).toEqual([]);
  });
});

describe('parsePeakLevel', () => {
  it('reads a detail file and refuses a truncated or odd one', () => {
    expect(parsePeakLevel(both.detail)).toEqual(both.detail);
    expect(() => parsePeakLevel({ samplesPerPeak: 1 })).toThrow(/incomplete/);
    expect(() => parsePeakLevel({ samplesPerPeak: 1, data: [0.1, 0.2, 0.3] })).toThrow(/incomplete/);
    expect(() => parsePeakLevel(null)).toThrow(/incomplete/);
  });
});
