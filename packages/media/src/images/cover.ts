import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import sharp from 'sharp';
import { detectImageType } from './detect';
import { asMediaError, LIMIT_INPUT_PIXELS, readCheckedHeader } from './process';
import { decodeOptions } from './working-copy';

/**
 * Edge of a set's cover in pixels. Members see covers at most 9rem (144 CSS px) wide, so 600 px is
 * sharp on any screen and stays a few tens of KB as WebP.
 */
export const COVER_EDGE = 600;

/** WebP at sharp's default quality, as the photo variants. */
const WEBP = { quality: 80, effort: 4 } as const;

export interface ProcessCoverOptions {
  /** The uploaded image, e.g. a temp file the worker downloaded. Never modified. */
  inputPath: string;
  /** Where the WebP cover is written (its directory is created if missing). */
  outputPath: string;
  /** As for photos: refuse images with more pixels than this, from the header, before decoding. */
  limitInputPixels?: number;
  edge?: number;
}

export interface ProcessedCover {
  /** What the upload's bytes are, e.g. `image/jpeg`. */
  mime: string;
  path: string;
  /** Of the written cover: square, `coverSide` of the upright original. */
  width: number;
  height: number;
  bytes: number;
}

/**
 * Side of the square cover cut from a `width`×`height` picture: `edge`, or the short side of a
 * smaller picture (never upscaled: that only adds bytes, not detail).
 */
export function coverSide(width: number, height: number, edge = COVER_EDGE): number {
  return Math.max(1, Math.floor(Math.min(edge, width, height)));
}

/**
 * Turns an uploaded image into a set's cover: the type read from the bytes, the pixel count checked
 * from the header before decoding, upright (EXIF orientation applied), the centre cropped square at
 * `coverSide`, written as WebP without any metadata (no EXIF, GPS, XMP or ICC: sharp writes none
 * unless asked). Animated GIF or WebP give their first frame.
 * @throws MediaError for files that will never make a cover (`empty`, `unsupported`, `corrupt`,
 *   `too-large`); any other error (disk, memory) is transient and worth a retry.
 */
export async function processCover({
  inputPath,
  outputPath,
  limitInputPixels = LIMIT_INPUT_PIXELS,
  edge = COVER_EDGE,
}: ProcessCoverOptions): Promise<ProcessedCover> {
  const { mime } = await detectImageType(inputPath);
  const header = await readCheckedHeader(inputPath, mime, limitInputPixels);
  const side = coverSide(header.width, header.height, edge);
  await mkdir(dirname(outputPath), { recursive: true });
  const info = await sharp(inputPath, decodeOptions(limitInputPixels))
    .resize(side, side, { fit: 'cover', position: 'centre' })
    .webp(WEBP)
    .toFile(outputPath)
    .catch((error: unknown) => {
      throw asMediaError(error, mime);
    });
  return { mime, path: outputPath, width: info.width, height: info.height, bytes: info.size };
}
