import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAMERA_SERIAL, writePngBomb, writeRotatedCameraJpeg, writeSolid } from '../../test/images/fixtures';
import { MediaError } from '../errors';
import { COVER_EDGE, coverSide, processCover } from './cover';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'media-cover-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** RGB of the pixel at fractional position (fx, fy) of an image file. */
async function pixelAt(path: string, fx: number, fy: number): Promise<number[]> {
  const { data, info } = await sharp(path).raw().toBuffer({ resolveWithObject: true });
  const offset = (Math.floor(fy * info.height) * info.width + Math.floor(fx * info.width)) * info.channels;
  return [...data.subarray(offset, offset + 3)];
}

describe('coverSide', () => {
  it('cuts the largest square up to the cover edge, never upscaling', () => {
    expect(coverSide(4000, 3000)).toBe(COVER_EDGE);
    expect(coverSide(1600, 2400)).toBe(COVER_EDGE);
    expect(coverSide(600, 600)).toBe(600);
    expect(coverSide(500, 300)).toBe(300);
    expect(coverSide(80, 1200)).toBe(80);
    expect(coverSide(1, 1)).toBe(1);
    expect(coverSide(2000, 2000, 300)).toBe(300);
  });
});

describe('processCover', () => {
  it('makes an upright, square, metadata-free WebP of a rotated camera JPEG', async () => {
    const input = await writeRotatedCameraJpeg(join(dir, 'camera.jpg'));
    const cover = await processCover({ inputPath: input, outputPath: join(dir, 'out', 'cover.webp') });
    expect(cover).toMatchObject({ mime: 'image/jpeg', width: 600, height: 600 });
    const meta = await sharp(cover.path).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 600, height: 600 });
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expect(meta.orientation).toBeUndefined();
    expect((await readFile(cover.path)).includes(CAMERA_SERIAL)).toBe(false);
    // Stored with red on top and tagged "rotate 90° clockwise": upright, red is on the right.
    const [lr, , lb] = await pixelAt(cover.path, 0.2, 0.5);
    const [rr, , rb] = await pixelAt(cover.path, 0.8, 0.5);
    expect(lb).toBeGreaterThan(200);
    expect(lr).toBeLessThan(60);
    expect(rr).toBeGreaterThan(200);
    expect(rb).toBeLessThan(60);
  });

  it('keeps a small picture at its own size', async () => {
    const input = await writeSolid(join(dir, 'small.png'), 320, 200, 'png');
    const cover = await processCover({ inputPath: input, outputPath: join(dir, 'small.webp') });
    expect([cover.width, cover.height]).toEqual([200, 200]);
  });

  it('refuses a text file named .jpg and a decompression bomb with a reason', async () => {
    const notes = join(dir, 'notes.jpg');
    await writeFile(notes, 'Not a picture at all, just some words.\n'.repeat(50));
    const bomb = await writePngBomb(join(dir, 'bomb.png'));
    const refused = await Promise.all(
      [notes, bomb].map((inputPath) =>
        processCover({ inputPath, outputPath: join(dir, 'refused.webp') }).then(
          () => undefined,
          (error: unknown) => error,
        ),
      ),
    );
    expect(refused[0]).toBeInstanceOf(MediaError);
    expect(refused[0]).toMatchObject({ code: 'unsupported', message: expect.stringMatching(/not a photo/) });
    expect(refused[1]).toMatchObject({ code: 'too-large', message: expect.stringMatching(/pixels/) });
  });
});
