import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import exifReader from 'exif-reader';
import sharp from 'sharp';
import { thumbHashToApproximateAspectRatio, thumbHashToAverageRGBA, thumbHashToRGBA } from 'thumbhash';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CAMERA_SERIAL,
  writeAlphaPng,
  writeAnimatedGif,
  writeHeic,
  writePhotoJpeg,
  writePngBomb,
  writeRotatedCameraJpeg,
  writeSolid,
} from '../../test/images/fixtures';
import { MediaError, type MediaErrorCode } from '../errors';
import { finishImage, type ProcessImageOptions, processImage } from './process';
import type { ImageVariant, ProcessedImage } from './types';
import { decodeWorkingCopy } from './working-copy';

let dir: string;
let count = 0;
/** A fresh output directory per call, so no test sees another's files. */
const outDir = () => join(dir, `out-${++count}`);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'media-images-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function expectMediaError(promise: Promise<unknown>, code: MediaErrorCode): Promise<MediaError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MediaError);
  expect(error).toMatchObject({ code });
  return error as MediaError;
}

function variant(result: ProcessedImage, name: ImageVariant['variant'], format: ImageVariant['format']) {
  const found = result.variants.find((v) => v.variant === name && v.format === format);
  if (!found) throw new Error(`no ${name}.${format} in ${JSON.stringify(result.variants)}`);
  return found;
}

/**
 * Both stages as the worker runs them: `processImage` (what a photo is `ready` with), then
 * `finishImage` (full-size JPEG, AVIF preview) into the same directory.
 */
async function processAll(options: ProcessImageOptions): Promise<ProcessedImage> {
  const ready = await processImage(options);
  const webpPreviewBytes = ready.variants.find((v) => v.variant === 'preview')?.bytes ?? 0;
  const later = await finishImage({ ...options, webpPreviewBytes });
  return { ...ready, variants: [...ready.variants, ...later] };
}

/** RGB(A) of the pixel at fractional position (fx, fy) of an image file. */
async function pixelAt(path: string, fx: number, fy: number): Promise<number[]> {
  const { data, info } = await sharp(path).raw().toBuffer({ resolveWithObject: true });
  const offset = (Math.floor(fy * info.height) * info.width + Math.floor(fx * info.width)) * info.channels;
  return [...data.subarray(offset, offset + info.channels)];
}

/** Chunk ids of a WebP (RIFF) file: only image data (VP8/VP8L/VP8X/ALPH) is allowed through. */
function webpChunks(file: Buffer): string[] {
  const ids: string[] = [];
  for (let offset = 12; offset + 8 <= file.length; ) {
    ids.push(file.toString('latin1', offset, offset + 4));
    const size = file.readUInt32LE(offset + 4);
    offset += 8 + size + (size % 2);
  }
  return ids;
}

describe('processImage on a phone photo held sideways', () => {
  let input: string;
  let result: ProcessedImage;

  beforeAll(async () => {
    input = await writeRotatedCameraJpeg(join(dir, 'sideways.jpg'));
    result = await processAll({ inputPath: input, outputDir: outDir() });
  });

  it('starts from an input that really carries orientation, GPS, serial, XMP and ICC', async () => {
    const meta = await sharp(input).metadata();
    expect(meta.orientation).toBe(6);
    expect([meta.width, meta.height]).toEqual([2400, 1600]);
    const exif = exifReader(meta.exif ?? Buffer.alloc(0));
    expect(exif.GPSInfo?.GPSLatitude).toEqual([52, 31, 12.34]);
    expect(exif.Photo?.BodySerialNumber).toBe(CAMERA_SERIAL);
    expect(meta.xmpAsString).toContain(CAMERA_SERIAL);
    expect(meta.icc).toBeDefined();
    expect((await readFile(input)).includes(CAMERA_SERIAL)).toBe(true);
  });

  it('reports upright dimensions and makes upright variants', async () => {
    expect(result.mime).toBe('image/jpeg');
    expect([result.width, result.height]).toEqual([1600, 2400]);
    const thumb = variant(result, 'thumb', 'webp');
    const preview = variant(result, 'preview', 'webp');
    expect([thumb.width, thumb.height]).toEqual([267, 400]);
    expect([preview.width, preview.height]).toEqual([1067, 1600]);
    for (const v of [thumb, preview]) {
      const meta = await sharp(v.path).metadata();
      expect([meta.width, meta.height]).toEqual([v.width, v.height]);
      expect(v.bytes).toBe((await stat(v.path)).size);
      // The stored top half was red: turned 90° clockwise it is the right half.
      const [lr, lg, lb] = await pixelAt(v.path, 0.25, 0.5);
      const [rr, rg, rb] = await pixelAt(v.path, 0.75, 0.5);
      expect({ lr, lg, lb, rr, rg, rb }).toMatchObject({ lr: 0, lg: 0, rg: 0, rb: 0 });
      expect(lb).toBeGreaterThan(240);
      expect(rr).toBeGreaterThan(240);
    }
  });

  it('writes the full-size JPEG upright, at the original resolution', async () => {
    const full = variant(result, 'full', 'jpeg');
    expect([full.width, full.height]).toEqual([result.width, result.height]);
    const meta = await sharp(full.path).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', result.width, result.height]);
    // The stored top half was red: turned 90° clockwise it is the right half.
    const [rr] = await pixelAt(full.path, 0.75, 0.5);
    expect(rr).toBeGreaterThan(240);
  });

  it('leaves no EXIF, GPS, XMP, IPTC, ICC or serial number in any variant', async () => {
    expect(result.variants.length).toBeGreaterThanOrEqual(2);
    for (const v of result.variants) {
      const meta = await sharp(v.path).metadata();
      expect(meta.exif, v.path).toBeUndefined();
      expect(meta.xmp, v.path).toBeUndefined();
      expect(meta.iptc, v.path).toBeUndefined();
      expect(meta.icc, v.path).toBeUndefined();
      expect(meta.orientation, v.path).toBeUndefined();
      const bytes = await readFile(v.path);
      expect(bytes.includes(CAMERA_SERIAL), v.path).toBe(false);
      expect(bytes.includes('Exif\0\0'), v.path).toBe(false);
      if (v.format === 'webp') {
        for (const chunk of webpChunks(bytes)) expect(['VP8 ', 'VP8L', 'VP8X', 'ALPH']).toContain(chunk);
      }
    }
  });

  it('parses the capture time with its zone offset and sub-seconds', () => {
    // 23:45:10.250 at +02:00
    expect(result.takenAt?.toISOString()).toBe('2024-06-01T21:45:10.250Z');
  });

  it('hashes the original bytes', async () => {
    expect(result.sha256).toBe(
      createHash('sha256')
        .update(await readFile(input))
        .digest('hex'),
    );
  });

  it('makes a ThumbHash that decodes to the upright picture', () => {
    const hash = Buffer.from(result.thumbhash, 'base64');
    expect(hash.length).toBeGreaterThan(5);
    const { w, h } = thumbHashToRGBA(hash);
    expect(h).toBeGreaterThan(w);
    expect(thumbHashToApproximateAspectRatio(hash)).toBeCloseTo(2 / 3, 1);
    const average = thumbHashToAverageRGBA(hash);
    expect(average.r).toBeGreaterThan(0.3);
    expect(average.b).toBeGreaterThan(0.3);
    expect(average.g).toBeLessThan(0.1);
  });
});

describe('processImage sizes', () => {
  it('gives a portrait photo a 400 px tall thumb and a 1600 px tall preview', async () => {
    const input = await writePhotoJpeg(join(dir, 'portrait.jpg'), 1200, 3000);
    const result = await processImage({ inputPath: input, outputDir: outDir() });
    expect([result.width, result.height]).toEqual([1200, 3000]);
    expect(result.takenAt).toBeNull();
    const thumb = variant(result, 'thumb', 'webp');
    expect([thumb.width, thumb.height]).toEqual([160, 400]);
    const preview = variant(result, 'preview', 'webp');
    expect([preview.width, preview.height]).toEqual([640, 1600]);
  });

  it('never upscales a small image', async () => {
    const input = await writePhotoJpeg(join(dir, 'small.jpg'), 300, 200);
    const result = await processImage({ inputPath: input, outputDir: outDir() });
    for (const v of result.variants) expect([v.width, v.height]).toEqual([300, 200]);
  });
});

describe('processImage and finishImage stages', () => {
  it('makes a photo ready with WebP only; the full-size JPEG and AVIF come from finishImage', async () => {
    const input = await writePhotoJpeg(join(dir, 'stages.jpg'), 3000, 2000, 3);
    const outputDir = outDir();
    const ready = await processImage({ inputPath: input, outputDir });
    expect(ready.variants.map((v) => `${v.variant}.${v.format}`).sort()).toEqual([
      'preview.webp',
      'thumb.webp',
    ]);
    expect((await readdir(outputDir)).sort()).toEqual(['preview.webp', 'thumb.webp']);
    const webpPreviewBytes = variant(ready, 'preview', 'webp').bytes;
    const later = await finishImage({ inputPath: input, outputDir, webpPreviewBytes });
    expect(later.map((v) => `${v.variant}.${v.format}`).sort()).toEqual(['full.jpeg', 'preview.avif']);
  });

  it('finishImage refuses a file that no longer decodes, and leaves nothing behind', async () => {
    const input = await writePhotoJpeg(join(dir, 'finish-truncated.jpg'), 1200, 800);
    await truncate(input, Math.floor((await stat(input)).size / 2));
    const outputDir = outDir();
    await expectMediaError(finishImage({ inputPath: input, outputDir, webpPreviewBytes: 1 }), 'corrupt');
    expect(await readdir(outputDir)).toEqual([]);
  });
});

describe('processImage AVIF rule', () => {
  it('keeps an AVIF preview only when it is under 90% of the WebP one', async () => {
    const photo = await writePhotoJpeg(join(dir, 'photo.jpg'), 3000, 2000, 7);
    const tiny = await writeSolid(join(dir, 'tiny.png'), 16, 16, 'png');
    for (const input of [photo, tiny]) {
      const outputDir = outDir();
      const result = await processAll({ inputPath: input, outputDir });
      const webp = variant(result, 'preview', 'webp');
      const avif = result.variants.find((v) => v.format === 'avif');
      const files = await readdir(outputDir);
      if (avif) {
        expect(avif.bytes).toBeLessThan(webp.bytes * 0.9);
        expect([avif.width, avif.height]).toEqual([webp.width, webp.height]);
        expect(avif.variant).toBe('preview');
        expect((await sharp(avif.path).metadata()).format).toBe('heif');
        expect(files.sort()).toEqual(['full.jpeg', 'preview.avif', 'preview.webp', 'thumb.webp']);
      } else {
        expect(files.sort()).toEqual(['full.jpeg', 'preview.webp', 'thumb.webp']);
      }
      // On a photo AVIF pays; on a 16 px icon its ~300 bytes of container outweigh a 66-byte WebP.
      expect(Boolean(avif)).toBe(input === photo);
    }
  });
});

describe('processImage input formats', () => {
  it.each([
    ['png', 'image/png'],
    ['webp', 'image/webp'],
    ['avif', 'image/avif'],
    ['tiff', 'image/tiff'],
    ['gif', 'image/gif'],
  ] as const)('reads %s', async (format, mime) => {
    const input = await writeSolid(join(dir, `solid.${format}`), 640, 480, format);
    const result = await processImage({ inputPath: input, outputDir: outDir() });
    expect(result.mime).toBe(mime);
    expect([result.width, result.height]).toEqual([640, 480]);
    expect([variant(result, 'thumb', 'webp').width, variant(result, 'thumb', 'webp').height]).toEqual([
      400, 300,
    ]);
  });

  it('keeps transparency of a PNG with alpha (the full-size JPEG has none: it goes on white)', async () => {
    const input = await writeAlphaPng(join(dir, 'alpha.png'));
    const result = await processAll({ inputPath: input, outputDir: outDir() });
    const full = variant(result, 'full', 'jpeg');
    expect((await sharp(full.path).metadata()).hasAlpha).toBe(false);
    const [r, g, b] = await pixelAt(full.path, 0.75, 0.5);
    expect(Math.min(r ?? 0, g ?? 0, b ?? 0)).toBeGreaterThan(240);
    for (const v of result.variants.filter((v) => v.format !== 'jpeg')) {
      expect((await sharp(v.path).metadata()).hasAlpha, v.path).toBe(true);
      expect((await pixelAt(v.path, 0.25, 0.5))[3], v.path).toBe(255);
      expect((await pixelAt(v.path, 0.75, 0.5))[3], v.path).toBe(0);
    }
    expect(thumbHashToAverageRGBA(Buffer.from(result.thumbhash, 'base64')).a).toBeLessThan(0.8);
  });

  it('uses the first frame of an animated GIF', async () => {
    const input = await writeAnimatedGif(join(dir, 'animated.gif'), 300, 200, 3);
    expect((await sharp(input).metadata()).pages).toBe(3);
    const result = await processImage({ inputPath: input, outputDir: outDir() });
    expect([result.width, result.height]).toEqual([300, 200]);
    const [r, g, b] = await pixelAt(variant(result, 'preview', 'webp').path, 0.5, 0.5);
    expect(r).toBeGreaterThan(240);
    expect((g ?? 0) + (b ?? 0)).toBeLessThan(20);
  });

  it('converts an HEIC photo, or refuses it as unsupported where libvips has no HEVC decoder', async () => {
    const input = await writeHeic(join(dir, 'iphone.heic'));
    expect((await sharp(input).metadata()).compression).toBe('hevc');
    const outcome = await processImage({ inputPath: input, outputDir: outDir() }).then(
      (result) => result,
      (error: unknown) => error,
    );
    if (outcome instanceof MediaError) {
      // sharp's prebuilt binaries: the case on this project's machines today.
      expect(outcome.code).toBe('unsupported');
      expect(outcome.message).toMatch(/HEIC/);
    } else {
      expect(outcome).toMatchObject({ mime: 'image/heic', width: 64, height: 64 });
    }
  });
});

describe('processImage refusals', () => {
  it('refuses a truncated JPEG as corrupt and writes nothing', async () => {
    const input = await writePhotoJpeg(join(dir, 'truncated.jpg'), 1200, 800);
    await truncate(input, Math.floor((await stat(input)).size / 2));
    const outputDir = outDir();
    const error = await expectMediaError(processImage({ inputPath: input, outputDir }), 'corrupt');
    expect(error.message).toMatch(/damaged or incomplete/);
    await expect(readdir(outputDir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('still converts a JPEG with damaged scan data that decoders only warn about', async () => {
    // Some cameras and editors write such files and every viewer shows them; only truncation is fatal.
    const input = await writePhotoJpeg(join(dir, 'scratched.jpg'), 1200, 800);
    const bytes = await readFile(input);
    const at = Math.floor(bytes.length * 0.6);
    for (let i = at; i < at + 400; i++) bytes[i] = (bytes[i] ?? 0) ^ 0xff;
    await writeFile(input, bytes);
    await expect(sharp(input, { failOn: 'warning' }).toBuffer()).rejects.toThrow(/Corrupt JPEG data/);
    const result = await processImage({ inputPath: input, outputDir: outDir() });
    expect([result.width, result.height]).toEqual([1200, 800]);
  });

  it('refuses a text file named .jpg as unsupported', async () => {
    const input = join(dir, 'notes.jpg');
    await writeFile(input, 'Bring snacks and the speaker.\n'.repeat(20));
    await expectMediaError(processImage({ inputPath: input, outputDir: outDir() }), 'unsupported');
  });

  it('refuses a zero-byte file as empty', async () => {
    const input = join(dir, 'empty.jpg');
    await writeFile(input, '');
    await expectMediaError(processImage({ inputPath: input, outputDir: outDir() }), 'empty');
  });

  it('refuses a 50,000×50,000 PNG bomb from its header, before decoding any pixel', async () => {
    const input = await writePngBomb(join(dir, 'bomb.png'));
    expect((await stat(input)).size).toBeLessThan(10_000);
    const error = await expectMediaError(
      processImage({ inputPath: input, outputDir: outDir() }),
      'too-large',
    );
    // The dimensions come from the header; how fast and with how little memory is pnpm bench's to show.
    expect(error.message).toContain('50000×50000');
  });

  it('applies a caller-given pixel limit', async () => {
    const input = await writeSolid(join(dir, 'six-mp.jpg'), 3000, 2000, 'jpeg');
    const error = await expectMediaError(
      processImage({ inputPath: input, outputDir: outDir(), limitInputPixels: 5_000_000 }),
      'too-large',
    );
    expect(error.message).toBe('This image is 3000×2000 pixels (6.0 MP); the limit is 5.0 MP.');
  });
});

describe('decodeWorkingCopy', () => {
  it('enforces the pixel limit itself too, should a header check ever be skipped', async () => {
    const input = await writePngBomb(join(dir, 'bomb-direct.png'));
    await expect(decodeWorkingCopy(input, 100_000_000)).rejects.toThrow(/pixel limit/);
  });
});
