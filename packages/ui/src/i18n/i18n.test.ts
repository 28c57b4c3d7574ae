import { beforeAll, describe, expect, it } from 'vitest';
import { compareCatalogues, placeholders } from './check';
import { de } from './de';
import { en } from './en';
import { formatBytes, formatCount, formatEventDate, formatLength, spokenDuration } from './format';
import { i18n, initI18n, languageFromBrowser, setLanguage } from './setup';

describe('packages/ui catalogues', () => {
  it('German has every English key and no other, with the same placeholders', () => {
    expect(compareCatalogues(en, de)).toEqual({ missing: [], extra: [], placeholderMismatches: [] });
  });
});

describe('catalogue comparison', () => {
  it('finds missing and extra keys, plural forms included', () => {
    const diff = compareCatalogues(
      { a: { photos_one: '{{count}} photo', photos_other: '{{count}} photos' }, b: 'x' },
      { a: { photos_other: '{{count}} Fotos' }, c: 'y' },
    );
    expect(diff.missing).toEqual(['a.photos_one', 'b']);
    expect(diff.extra).toEqual(['c']);
  });
  it('finds a placeholder only one language has', () => {
    const diff = compareCatalogues({ hi: 'Welcome, {{name}}' }, { hi: 'Willkommen' });
    expect(diff.placeholderMismatches).toEqual(['hi']);
    expect(placeholders('{{count, number}} of {{ total }}')).toEqual(['count', 'total']);
  });
});

describe('language choice and formats', () => {
  beforeAll(() => {
    initI18n({ en: {}, de: {} });
  });
  it('takes the first browser language it has', () => {
    expect(languageFromBrowser(['fr-FR', 'de-AT', 'en'])).toBe('de');
    expect(languageFromBrowser(['fr'])).toBe('en');
  });
  it('formats in English and German', async () => {
    await setLanguage('en');
    expect(formatEventDate('2026-07-14')).toBe('Jul 14, 2026');
    expect(formatBytes(14.2 * 1024 ** 2)).toBe('14.2 MB');
    expect(formatBytes(1000)).toBe('1000 B');
    expect(formatCount(1234)).toBe('1,234');
    expect(formatLength(4320)).toBe('1 h 12 min');
    expect(spokenDuration(4350)).toBe('1 hour 12 minutes 30 seconds');
    await setLanguage('de');
    expect(i18n.language).toBe('de');
    expect(formatEventDate('2026-07-14')).toBe('14.07.2026');
    expect(formatBytes(14.2 * 1024 ** 2)).toBe('14,2 MB');
    expect(formatCount(1234)).toBe('1.234');
    expect(formatLength(4320)).toBe('1 Std. 12 Min.');
    expect(spokenDuration(61)).toBe('1 Minute 1 Sekunde');
    await setLanguage('en');
  });
});
