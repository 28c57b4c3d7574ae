import { describe, expect, it } from 'vitest';
import { deriveSlug, slugify } from './slug';

describe('slugify', () => {
  it('keeps letters and digits, joins words with single dashes', () => {
    expect(slugify('  Summer Rave!! 2026  ')).toBe('summer-rave-2026');
  });
  it('folds accents instead of dropping letters', () => {
    expect(slugify('Café Größe Señor')).toBe('cafe-grosse-senor');
  });
  it('returns an empty string when nothing usable is left', () => {
    expect(slugify('🎉 ✨')).toBe('');
  });
});

describe('deriveSlug', () => {
  it('appends the event date', () => {
    expect(deriveSlug('Summer Rave', '2026-07-14')).toBe('summer-rave-2026-07-14');
  });
  it('ignores an incomplete date', () => {
    expect(deriveSlug('Summer Rave', '2026-07')).toBe('summer-rave');
  });
  it('stays within 80 characters and never ends the title part with a dash', () => {
    const slug = deriveSlug('word '.repeat(40), '2026-07-14');
    expect(slug.length).toBeLessThanOrEqual(80);
    expect(slug).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });
});
