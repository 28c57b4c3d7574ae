import sharp, { type ExifDir } from 'sharp';
import { describe, expect, it } from 'vitest';
import { takenAtFromExif } from './taken-at';

/** Raw EXIF as sharp's metadata() returns it, from a tiny JPEG carrying these EXIF sub-IFD tags. */
async function exifWith(photo: ExifDir): Promise<Buffer | undefined> {
  const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
    .jpeg()
    .withExif({ IFD0: { Make: 'Acme' }, IFD2: photo })
    .toBuffer();
  return (await sharp(jpeg).metadata()).exif;
}

describe('takenAtFromExif', () => {
  it('applies OffsetTimeOriginal', async () => {
    const exif = await exifWith({ DateTimeOriginal: '2024:12:31 23:30:00', OffsetTimeOriginal: '-05:00' });
    expect(takenAtFromExif(exif)?.toISOString()).toBe('2025-01-01T04:30:00.000Z');
  });

  it('reads the wall-clock time as UTC when no offset was recorded', async () => {
    const exif = await exifWith({ DateTimeOriginal: '2024:06:01 20:15:00' });
    expect(takenAtFromExif(exif)?.toISOString()).toBe('2024-06-01T20:15:00.000Z');
  });

  it('adds sub-seconds', async () => {
    const exif = await exifWith({ DateTimeOriginal: '2024:06:01 20:15:00', SubSecTimeOriginal: '07' });
    expect(takenAtFromExif(exif)?.toISOString()).toBe('2024-06-01T20:15:00.070Z');
  });

  it('is null without a usable DateTimeOriginal', async () => {
    expect(takenAtFromExif(undefined)).toBeNull();
    expect(takenAtFromExif(await exifWith({ ExposureTime: '1/60' }))).toBeNull();
    expect(takenAtFromExif(await exifWith({ DateTimeOriginal: '0000:00:00 00:00:00' }))).toBeNull();
    expect(takenAtFromExif(await exifWith({ DateTimeOriginal: 'last summer' }))).toBeNull();
    expect(takenAtFromExif(Buffer.from('Exif\0\0garbage'))).toBeNull();
  });
});
