/**
 * Waveform peaks for wavesurfer.js, reduced on the fly from a mono 16-bit PCM stream.
 *
 * wavesurfer (v7/v8) takes `peaks: Array<Float32Array | number[]>`, one array per channel, spreads
 * each array evenly over `duration` and draws, per pixel, the largest absolute value of the entries
 * that fall into it (channel 0 above the axis, channel 1, or channel 0 again, below). An array of
 * interleaved `[min, max, min, max, ...]` pairs therefore works as is: `peaks: [level.data]`, and
 * is also the layout of BBC audiowaveform's JSON, which wavesurfer's docs recommend for
 * server-side peaks. The files they are stored as are declared in `./peaks-format`.
 */
import { PEAKS_LAYOUT, type WaveformPeaks } from './peaks-format';

/**
 * Rate the mono PCM is reduced at: the source's own up to 48 kHz, so ffmpeg only downmixes (no
 * resampling: next to free, and the peaks are the true sample peaks); higher rates go down to
 * their 44.1/48 kHz family, which bounds the pipe at 96 KB/s.
 */
export function peaksSampleRate(sourceRate: number): number {
  if (sourceRate <= 48_000) return sourceRate;
  return sourceRate % 11_025 === 0 ? 44_100 : 48_000;
}

/** Peaks (min/max pairs) of the overview level, whatever the length: a full-width waveform is at
 * most ~2000 device pixels wide. */
export const OVERVIEW_PEAKS = 2000;

/**
 * Peaks per second of the detail level. 10/s is 100 ms per peak, a fifth of a beat at 128 BPM, so
 * kicks and breakdowns stay visible when zoomed in; a 4-hour set gives 144,000 pairs (~1.9 MB of
 * JSON), which is why it is stored apart from the ~25 KB overview (see `splitPeaks`).
 */
export const DETAIL_PEAKS_PER_SECOND = 10;

/** Rounded to 3 decimals: enough for a canvas a few hundred pixels tall, and small JSON (no -0). */
function round3(value: number): number {
  return Math.round(value * 1000) / 1000 || 0;
}

/** One resolution: collects min/max over `samplesPerPeak` samples, then emits a pair. */
class Level {
  readonly data: number[] = [];
  private filled = 0;
  private min = 0;
  private max = 0;

  constructor(readonly samplesPerPeak: number) {}

  /** Samples still missing from the current pair. */
  get room(): number {
    return this.samplesPerPeak - this.filled;
  }

  /** Folds in the min/max of `count` consecutive samples, never more than `room`. */
  add(min: number, max: number, count: number): void {
    if (this.filled === 0) {
      this.min = min;
      this.max = max;
    } else {
      if (min < this.min) this.min = min;
      if (max > this.max) this.max = max;
    }
    this.filled += count;
    if (this.filled === this.samplesPerPeak) this.flush();
  }

  flush(): void {
    if (this.filled === 0) return;
    this.data.push(round3(this.min / 32768), round3(this.max / 32768));
    this.filled = 0;
  }
}

/**
 * Streams 16-bit native-endian mono PCM into two levels of min/max peaks. Memory is the peaks
 * themselves (10 pairs per second of audio), never the PCM: chunks can be of any size and may
 * split a sample.
 */
export class PeakReducer {
  private readonly overview: Level;
  private readonly detail: Level;
  private carry: number | null = null;
  private total = 0;

  /**
   * @param expectedSeconds the declared duration; sizes the overview to about
   *   {@link OVERVIEW_PEAKS} pairs. The detail level is never coarser than the overview, so a
   *   short clip gets the same resolution in both.
   */
  constructor(
    expectedSeconds: number,
    readonly sampleRate: number,
  ) {
    const expectedSamples = Math.max(1, Math.round(expectedSeconds * sampleRate));
    const overviewSize = Math.max(1, Math.ceil(expectedSamples / OVERVIEW_PEAKS));
    const detailSize = Math.max(1, Math.min(Math.round(sampleRate / DETAIL_PEAKS_PER_SECOND), overviewSize));
    this.overview = new Level(overviewSize);
    this.detail = new Level(detailSize);
  }

  /** Samples seen so far. */
  get samples(): number {
    return this.total;
  }

  /** Adds a chunk of raw s16 PCM bytes in the platform's byte order. */
  push(chunk: Uint8Array): void {
    let bytes = chunk;
    if (this.carry !== null && bytes.length > 0) {
      const pair = new Uint8Array([this.carry, bytes[0] ?? 0]);
      this.reduce(new Int16Array(pair.buffer));
      this.carry = null;
      bytes = bytes.subarray(1);
    }
    const even = bytes.length & ~1;
    if (even < bytes.length) this.carry = bytes[even] ?? null;
    if (even === 0) return;
    // An Int16Array view needs 2-byte alignment; pipe chunks almost always have it.
    const samples =
      bytes.byteOffset % 2 === 0
        ? new Int16Array(bytes.buffer, bytes.byteOffset, even / 2)
        : new Int16Array(bytes.slice(0, even).buffer);
    this.reduce(samples);
  }

  private reduce(samples: Int16Array): void {
    const length = samples.length;
    let start = 0;
    while (start < length) {
      // One min/max scan per run that fits in both levels' current pairs.
      const end = Math.min(length, start + this.detail.room, start + this.overview.room);
      let min = samples[start] ?? 0;
      let max = min;
      for (let i = start + 1; i < end; i++) {
        const value = samples[i] ?? 0;
        if (value < min) min = value;
        else if (value > max) max = value;
      }
      const count = end - start;
      this.detail.add(min, max, count);
      this.overview.add(min, max, count);
      start = end;
    }
    this.total += length;
  }

  /** Closes the last, partial pairs and returns the peaks. A dangling odd byte is dropped. */
  finish(): WaveformPeaks {
    this.detail.flush();
    this.overview.flush();
    return {
      version: 1,
      layout: PEAKS_LAYOUT,
      sampleRate: this.sampleRate,
      durationSeconds: this.total / this.sampleRate,
      overview: { samplesPerPeak: this.overview.samplesPerPeak, data: this.overview.data },
      detail: { samplesPerPeak: this.detail.samplesPerPeak, data: this.detail.data },
    };
  }
}
