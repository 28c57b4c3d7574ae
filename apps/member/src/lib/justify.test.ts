import { describe, expect, it } from 'vitest';
import { justify } from './justify';

const landscape = { width: 3000, height: 2000 };
const portrait = { width: 2000, height: 3000 };

describe('justify', () => {
  it('fills every full row to the exact container width', () => {
    const sizes = Array.from({ length: 50 }, (_, i) => (i % 3 === 0 ? portrait : landscape));
    const rows = justify(sizes, 1000, 200, 4);
    for (const row of rows.slice(0, -1)) {
      const width = row.items.reduce((sum, item) => sum + item.width, 0) + 4 * (row.items.length - 1);
      expect(width).toBe(1000);
    }
  });

  it('keeps every photo exactly once and in order', () => {
    const sizes = Array.from({ length: 37 }, () => landscape);
    const indexes = justify(sizes, 800, 150, 4).flatMap((row) => row.items.map((item) => item.index));
    expect(indexes).toEqual(sizes.map((_, i) => i));
  });

  it('leaves the last row at the target height instead of stretching one photo', () => {
    const rows = justify([landscape], 1000, 200, 4);
    expect(rows).toEqual([{ height: 200, items: [{ index: 0, width: 300 }] }]);
  });

  it('treats photos without dimensions as squares and survives extreme panoramas', () => {
    const rows = justify(
      [
        { width: null, height: null },
        { width: 40_000, height: 1000 },
      ],
      390,
      120,
      4,
    );
    expect(rows.flatMap((row) => row.items)).toHaveLength(2);
    for (const row of rows) expect(row.height).toBeGreaterThan(0);
  });

  it('returns nothing before the container has a width', () => {
    expect(justify([landscape], 0, 200, 4)).toEqual([]);
  });
});
