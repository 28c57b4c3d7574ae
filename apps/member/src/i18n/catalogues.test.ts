import { compareCatalogues, initI18n, setLanguage } from '@party/ui';
import { describe, expect, it } from 'vitest';
import { de } from './de';
import { en } from './en';
import { appT, memberCatalogues } from './index';

describe('member catalogues', () => {
  it('German has every English key (plural forms too) and no other, with the same placeholders', () => {
    expect(compareCatalogues(en, de)).toEqual({ missing: [], extra: [], placeholderMismatches: [] });
    expect(compareCatalogues(de, en)).toEqual({ missing: [], extra: [], placeholderMismatches: [] });
  });

  it('counts with the plural rules of each language', async () => {
    initI18n(memberCatalogues);
    await setLanguage('en');
    expect(appT('count.photos', { count: 1 })).toBe('1 photo');
    expect(appT('count.photos', { count: 7 })).toBe('7 photos');
    expect(appT('count.photos', { count: 1234 })).toBe('1,234 photos');
    expect(appT('home.welcome', { name: 'Mara' })).toBe('Welcome, Mara');
    await setLanguage('de');
    expect(appT('count.photos', { count: 1 })).toBe('1 Foto');
    expect(appT('count.photos', { count: 7 })).toBe('7 Fotos');
    expect(appT('count.photos', { count: 1234 })).toBe('1.234 Fotos');
    await setLanguage('en');
  });
});
