import { describe, expect, it } from 'vitest';
import { heatAlongWaveform, heatColour, heatMinutes, heatShade, minuteMark } from './listening-heat';

describe('heatMinutes', () => {
  it('fills every minute of the track, scales to the most heard, and marks where listening falls off', () => {
    const heat = heatMinutes(
      [
        { minute: 0, seconds: 600 },
        { minute: 1, seconds: 300 },
        { minute: 2, seconds: 100 },
        { minute: 4, seconds: 50 },
      ],
      5 * 60 + 10,
    );
    expect(heat.map((m) => m.minute)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(heat.map((m) => m.level)).toEqual([1, 0.5, 100 / 600, 0, 50 / 600, 0]);
    expect(heat.map((m) => m.dropOff)).toEqual([false, false, true, true, false, false]);
  });

  it('has one cold minute for a track nobody heard', () => {
    expect(heatMinutes([], 0)).toEqual([{ minute: 0, seconds: 0, level: 0, dropOff: false }]);
  });
});

describe('heatAlongWaveform', () => {
  // Three minutes of track: minute 0 heard most, minute 1 half as much, minute 2 where people skip.
  const heat = heatMinutes(
    [
      { minute: 0, seconds: 120 },
      { minute: 1, seconds: 100 },
      { minute: 2, seconds: 10 },
    ],
    180,
  );

  it('folds the peaks into columns shaped like the waveform and shaded by the minute each lies in', () => {
    // Six pairs, one per 30 s; quiet, loud, quiet, loud, silent, half.
    const peaks = [-0.1, 0.2, -0.8, 0.4, 0, 0.2, -0.4, 0.4, 0, 0, -0.2, 0.1];
    const columns = heatAlongWaveform(peaks, 180, heat, 6);
    expect(columns.map((c) => c.amplitude)).toEqual([0.25, 1, 0.25, 0.5, 0, 0.25]);
    expect(columns.map((c) => c.minute)).toEqual([0, 0, 1, 1, 2, 2]);
    expect(columns.map((c) => c.level)).toEqual([1, 1, 100 / 120, 100 / 120, 10 / 120, 10 / 120]);
    expect(columns.map((c) => c.dropOff)).toEqual([false, false, false, false, true, true]);
  });

  it('takes the loudest of the pairs a column spans, and never more columns than pairs', () => {
    const peaks = [-0.1, 0.1, -0.5, 0.2, 0, 0.3, -1, 0.9];
    expect(heatAlongWaveform(peaks, 120, heat, 2).map((c) => c.amplitude)).toEqual([0.5, 1]);
    expect(heatAlongWaveform(peaks, 120, heat, 100)).toHaveLength(4);
    expect(heatAlongWaveform([], 120, heat, 100)).toEqual([]);
  });

  it('gives columns past the last minute of the heat that minute’s figures', () => {
    const columns = heatAlongWaveform([0, 1, 0, 1], 600, heat, 2);
    expect(columns.map((c) => c.minute)).toEqual([2, 2]);
  });
});

describe('heatShade', () => {
  it('dims unheard minutes and paints heard ones from cold to hot, more opaque the more heard', () => {
    expect(heatShade(0).opacity).toBe(0.25);
    expect(heatShade(1)).toEqual({ fill: heatColour(1), opacity: 1 });
    expect(heatShade(0.5).opacity).toBeLessThan(heatShade(0.9).opacity);
    expect(heatShade(2)).toEqual(heatShade(1));
  });
});

describe('minuteMark', () => {
  it('writes where a minute starts', () => {
    expect([0, 5, 62].map(minuteMark)).toEqual(['0:00:00', '0:05:00', '1:02:00']);
  });
});
