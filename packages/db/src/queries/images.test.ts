import { describe, expect, it } from 'vitest';
import { imageObjectKeys } from './images';

describe('imageObjectKeys', () => {
  it('an image owns its original and every variant', () => {
    const variants = [{ key: 'derived/images/a/thumb.webp' }, { key: 'derived/images/a/preview.avif' }];
    expect(imageObjectKeys({ originalKey: 'originals/a' }, variants)).toEqual([
      'originals/a',
      'derived/images/a/thumb.webp',
      'derived/images/a/preview.avif',
    ]);
  });

  it('an image without variants (not processed, or failed) owns only its original', () => {
    expect(imageObjectKeys({ originalKey: 'originals/b' }, [])).toEqual(['originals/b']);
  });
});
