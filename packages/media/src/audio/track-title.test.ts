import { describe, expect, it } from 'vitest';
import { titleFromFileName } from './track-title';

describe('titleFromFileName', () => {
  it.each([
    ['set.flac', 'set'],
    ['Sunrise_Set__2026.FLAC', 'Sunrise Set 2026'],
    ['DJ Name - Live at Club.m4a', 'DJ Name - Live at Club'],
    ['mix.v2.wav', 'mix.v2'],
    ['no-extension', 'no-extension'],
    ['recording.final', 'recording.final'],
  ])('%s → %s', (name, title) => {
    expect(titleFromFileName(name)).toBe(title);
  });

  it('gives nothing for a name that is only an extension or separators', () => {
    expect(titleFromFileName('.flac')).toBeUndefined();
    expect(titleFromFileName('__.mp3')).toBeUndefined();
  });
});
