import { describe, expect, it } from 'vitest';
import { fillDays } from './listening-series';

describe('fillDays', () => {
  it('lists every day of the range, across a month end, with zeros where nothing happened', () => {
    const counts = new Map([
      ['2026-12-01', { plays: 3, qualifiedPlays: 2, uniqueListeners: 1, downloads: 4 }],
    ]);
    const days = fillDays('2026-11-29', 4, counts);
    expect(days.map((d) => d.day)).toEqual(['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02']);
    expect(days[2]).toEqual({
      day: '2026-12-01',
      plays: 3,
      qualifiedPlays: 2,
      uniqueListeners: 1,
      downloads: 4,
    });
    expect(days[0]?.plays).toBe(0);
  });
});
