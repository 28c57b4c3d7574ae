import { initI18n, setLanguage } from '@party/ui';
import { beforeAll, describe, expect, it } from 'vitest';
import { memberCatalogues } from '../i18n';
import { formatClock, formatLength, spokenClock } from './time';

describe('time formats', () => {
  beforeAll(() => {
    initI18n(memberCatalogues);
  });
  it('formats player positions', () => {
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(65.9)).toBe('1:05');
    expect(formatClock(4350)).toBe('1:12:30');
    expect(formatClock(Number.NaN)).toBe('0:00');
  });
  it('formats lengths and spoken positions', async () => {
    await setLanguage('en');
    expect(formatLength(1800)).toBe('30 min');
    expect(formatLength(4320)).toBe('1 h 12 min');
    expect(formatLength(4 * 3600)).toBe('4 h');
    expect(spokenClock(4350)).toBe('1 hour 12 minutes 30 seconds');
  });
  it('formats them in German', async () => {
    await setLanguage('de');
    expect(formatLength(4320)).toBe('1 Std. 12 Min.');
    expect(spokenClock(4350)).toBe('1 Stunde 12 Minuten 30 Sekunden');
    await setLanguage('en');
  });
});
