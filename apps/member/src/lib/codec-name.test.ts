import { describe, expect, it } from 'vitest';
import { codecName } from './codec-name';

describe('codecName', () => {
  it('names MPEG layer 3 MP3, as people call it', () => {
    expect(codecName('MPEG 1 Layer 3')).toBe('MP3');
    expect(codecName('MPEG 2 Layer 3')).toBe('MP3');
    expect(codecName('MPEG 2.5 Layer 3')).toBe('MP3');
    expect(codecName('MPEG 1 Layer 2')).toBe('MP2');
  });

  it('keeps the other names, in capitals', () => {
    expect(codecName('FLAC')).toBe('FLAC');
    expect(codecName('alac')).toBe('ALAC');
    expect(codecName('PCM')).toBe('PCM');
  });
});
