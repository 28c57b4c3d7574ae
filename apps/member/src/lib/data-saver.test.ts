import { describe, expect, it } from 'vitest';
import { savesData } from './data-saver';

describe('savesData', () => {
  it('is on for Save-Data and for 3G or slower', () => {
    expect(savesData({ saveData: true, effectiveType: '4g' })).toBe(true);
    for (const type of ['slow-2g', '2g', '3g']) expect(savesData({ effectiveType: type })).toBe(true);
  });

  it('is off for a fast connection, or where the browser says nothing', () => {
    expect(savesData({ saveData: false, effectiveType: '4g' })).toBe(false);
    expect(savesData({})).toBe(false);
    expect(savesData(undefined)).toBe(false);
  });
});
