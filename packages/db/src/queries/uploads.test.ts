import { describe, expect, it } from 'vitest';
import { uploadObjectKeys } from './uploads';

describe('uploadObjectKeys', () => {
  it('a tus upload owns its object, its metadata and its trailing part', () => {
    expect(uploadObjectKeys({ id: 'originals/u1' })).toEqual([
      'originals/u1',
      'originals/u1.info',
      'originals/u1.part',
    ]);
  });
});
