import { describe, expect, it } from 'vitest';
import { DETAIL_PEAKS_PER_SECOND, OVERVIEW_PEAKS, PeakReducer, peaksSampleRate } from './peaks';

/** Native-endian s16 bytes, as ffmpeg writes them for the reducer. */
function pcm(samples: number[]): Uint8Array {
  return new Uint8Array(Int16Array.from(samples).buffer);
}

/** `seconds` of silence at `rate` with a full-scale square burst between `from` and `to`. */
function burst(seconds: number, rate: number, from: number, to: number): number[] {
  return Array.from({ length: seconds * rate }, (_, i) => {
    const t = i / rate;
    if (t < from || t >= to) return 0;
    return i % 2 === 0 ? 16384 : -16384;
  });
}

describe('PeakReducer', () => {
  it('reduces to interleaved min/max pairs in -1..1, rounded to 3 decimals', () => {
    const reducer = new PeakReducer(4 / 10, 10); // 4 samples at 10 Hz: one sample per pair
    reducer.push(pcm([-32768, 32767, 1000, -1]));
    const peaks = reducer.finish();
    expect(peaks.detail.samplesPerPeak).toBe(1);
    expect(peaks.detail.data).toEqual([-1, -1, 1, 1, 0.031, 0.031, 0, 0]);
    expect(peaks.layout).toBe('minmax-interleaved');
    expect(peaks.durationSeconds).toBeCloseTo(0.4);
  });

  it('gives the same peaks whatever the chunking, odd byte splits included', () => {
    const samples = burst(30, 1000, 10, 12);
    const bytes = pcm(samples);
    const whole = new PeakReducer(30, 1000);
    whole.push(bytes);

    const chunked = new PeakReducer(30, 1000);
    let offset = 0;
    for (const size of [1, 7, 4096, 3, 65_535, 2, 999]) {
      chunked.push(bytes.subarray(offset, offset + size));
      offset += size;
    }
    while (offset < bytes.length) {
      chunked.push(bytes.subarray(offset, offset + 10_001));
      offset += 10_001;
    }
    // A chunk starting on an odd address cannot be viewed as Int16Array and is copied.
    const unaligned = new Uint8Array(bytes.length + 1);
    unaligned.set(bytes, 1);
    const copied = new PeakReducer(30, 1000);
    copied.push(unaligned.subarray(1));

    const expected = whole.finish();
    expect(chunked.samples).toBe(samples.length);
    expect(chunked.finish()).toEqual(expected);
    expect(copied.finish()).toEqual(expected);
  });

  it('shows a burst where it is and silence elsewhere', () => {
    const rate = 1000;
    const reducer = new PeakReducer(30, rate);
    reducer.push(pcm(burst(30, rate, 10, 12)));
    const { detail } = reducer.finish();
    const size = detail.samplesPerPeak;
    let loud = 0;
    for (let pair = 0; pair < detail.data.length / 2; pair++) {
      const [start, end] = [pair * size, (pair + 1) * size];
      const value = [detail.data[2 * pair], detail.data[2 * pair + 1]];
      if (start >= 10 * rate && end <= 12 * rate) {
        expect(value).toEqual([-0.5, 0.5]);
        loud++;
      } else if (end <= 10 * rate || start >= 12 * rate) {
        expect(value).toEqual([0, 0]);
      }
    }
    expect(loud).toBeGreaterThanOrEqual(Math.floor((2 * rate) / size) - 1);
  });

  it('sizes the overview to ~2000 pairs and the detail to 10 per second for a 4-hour set', () => {
    const rate = 100; // a low rate keeps 4 hours of samples small
    const seconds = 4 * 3600;
    const reducer = new PeakReducer(seconds, rate);
    const second = pcm(Array.from({ length: rate }, (_, i) => (i % 2 ? 100 : -100)));
    for (let s = 0; s < seconds; s++) reducer.push(second);
    const peaks = reducer.finish();
    expect(peaks.detail.samplesPerPeak).toBe(rate / DETAIL_PEAKS_PER_SECOND);
    expect(peaks.detail.data.length).toBe(2 * seconds * DETAIL_PEAKS_PER_SECOND);
    expect(peaks.overview.data.length).toBe(2 * OVERVIEW_PEAKS);
    expect(peaks.durationSeconds).toBe(seconds);
  });

  it('never makes the detail level coarser than the overview of a short clip', () => {
    const reducer = new PeakReducer(20, 44_100);
    reducer.push(pcm(new Array(20 * 44_100).fill(0)));
    const peaks = reducer.finish();
    expect(peaks.overview.data.length).toBeLessThanOrEqual(2 * OVERVIEW_PEAKS);
    expect(peaks.overview.data.length).toBeGreaterThan(2 * (OVERVIEW_PEAKS - 10));
    expect(peaks.detail.samplesPerPeak).toBe(peaks.overview.samplesPerPeak);
  });

  it('closes a last, partial pair when the audio is shorter than declared', () => {
    const reducer = new PeakReducer(1, 10_000); // 5 samples per pair
    reducer.push(pcm([1, 2, 3, 4, 5, 6, 7]));
    const { overview } = reducer.finish();
    expect(overview.samplesPerPeak).toBe(5);
    expect(overview.data).toEqual([0, 0, 0, 0]);
    expect(reducer.samples).toBe(7);
  });
});

describe('peaksSampleRate', () => {
  it('keeps rates up to 48 kHz and brings higher ones down to their family', () => {
    expect([22_050, 44_100, 48_000, 88_200, 96_000, 176_400, 192_000].map(peaksSampleRate)).toEqual([
      22_050, 44_100, 48_000, 44_100, 48_000, 44_100, 48_000,
    ]);
  });
});
