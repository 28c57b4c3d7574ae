import { describe, expect, it } from 'vitest';
import { heatMinutes } from './listening-heat';

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
