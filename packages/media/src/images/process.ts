import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import sharp, { type Metadata } from 'sharp';
import { MediaError } from '../errors';
import { detectImageType } from './detect';
import { FULL_JPEG_FILE, writeFullJpeg } from './full-jpeg';
import { thumbhashOf } from './placeholder';
import { sha256File } from './sha256';
import { takenAtFromExif } from './taken-at';
import type { ImageVariant, ProcessedImage } from './types';
import { removeVariants, writeAvifPreview, writeVariants } from './variants';
import { decodeWorkingCopy, fromWorkingCopy } from './working-copy';

export interface ProcessImageOptions {
  /** The original, e.g. a temp file the worker downloaded. Never modified. */
  inputPath: string;
  /** Where the variants are written (created if missing); the caller uploads and removes them. */
  outputDir: string;
  /**
   * Refuse images with more pixels than this (width × height, from the header, before decoding),
   * against decompression bombs. Default `LIMIT_INPUT_PIXELS`.
   */
  limitInputPixels?: number;
}

/** 100 MP admits every current phone and DSLR except 200 MP modes. */
export const LIMIT_INPUT_PIXELS = 100_000_000;

/**
 * Turns an uploaded original into what a photo is `ready` with: upright, metadata-free WebP thumb
 * and preview, a ThumbHash placeholder, dimensions, taken-at time and SHA-256. The full-size JPEG
 * and the AVIF preview come later from `finishImage` (README, Architecture: a gallery never waits
 * for them; bench/images).
 * @throws MediaError for files that will never process (`empty`, `unsupported`, `corrupt`,
 *   `too-large`); any other error (disk, memory) is transient and worth a retry.
 */
export async function processImage({
  inputPath,
  outputDir,
  limitInputPixels = LIMIT_INPUT_PIXELS,
}: ProcessImageOptions): Promise<ProcessedImage> {
  const { mime } = await detectImageType(inputPath);
  // Hashing reads the file from disk alongside libvips; it never waits on the pixels.
  const sha256 = sha256File(inputPath);
  // Keep a rejected hash from surfacing as unhandled while a decode error is thrown first.
  sha256.catch(() => {});

  const header = await readCheckedHeader(inputPath, mime, limitInputPixels);

  const copy = await decodeWorkingCopy(inputPath, limitInputPixels).catch((error: unknown) => {
    throw asMediaError(error, mime);
  });

  await mkdir(outputDir, { recursive: true });
  try {
    const [variants, thumbhash] = await Promise.all([
      writeVariants(copy, outputDir),
      thumbhashOf(fromWorkingCopy(copy)),
    ]);
    return {
      mime,
      width: header.autoOrient.width,
      height: header.autoOrient.height,
      takenAt: takenAtFromExif(header.exif),
      sha256: await sha256,
      thumbhash,
      variants,
    };
  } catch (error) {
    // Half-written variants must not be mistaken for results if the caller keeps the directory.
    await removeVariants(outputDir);
    throw error;
  }
}

export interface FinishImageOptions extends ProcessImageOptions {
  /** Bytes of the photo's WebP preview: the AVIF preview is kept only when clearly smaller. */
  webpPreviewBytes: number;
}

/**
 * The derivatives a `ready` photo gets afterwards, in a lower-priority job: the full-size JPEG for
 * downloads (made ahead of the first request: README, Downloads) and the AVIF preview where it pays.
 * @throws MediaError as `processImage` (it already accepted this file, so only a changed one fails).
 */
export async function finishImage({
  inputPath,
  outputDir,
  webpPreviewBytes,
  limitInputPixels = LIMIT_INPUT_PIXELS,
}: FinishImageOptions): Promise<ImageVariant[]> {
  const { mime } = await detectImageType(inputPath);
  await readCheckedHeader(inputPath, mime, limitInputPixels);
  await mkdir(outputDir, { recursive: true });
  try {
    const copy = await decodeWorkingCopy(inputPath, limitInputPixels).catch((error: unknown) => {
      throw asMediaError(error, mime);
    });
    const avif = await writeAvifPreview(copy, outputDir, webpPreviewBytes);
    // After the AVIF, so the full-size decode never overlaps the working copy's encoder in memory.
    const full = await writeFullJpeg(inputPath, outputDir, limitInputPixels).catch((error: unknown) => {
      throw asMediaError(error, mime);
    });
    return avif ? [full, avif] : [full];
  } catch (error) {
    await removeVariants(outputDir);
    await rm(join(outputDir, FULL_JPEG_FILE), { force: true });
    throw error;
  }
}

/**
 * Header only: no pixels are decoded, so this is safe on a decompression bomb. sharp's own limit is
 * off here so that the refusal can name the dimensions; the decode enforces it again.
 * @throws MediaError `too-large` past `limitInputPixels`, or as `asMediaError` for unreadable headers.
 */
export async function readCheckedHeader(
  inputPath: string,
  mime: string,
  limitInputPixels: number,
): Promise<Metadata> {
  let header: Metadata;
  try {
    header = await sharp(inputPath, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw asMediaError(error, mime);
  }
  const pixels = header.width * header.height;
  if (pixels > limitInputPixels) {
    throw new MediaError(
      'too-large',
      `This image is ${header.width}×${header.height} pixels (${megapixels(pixels)} MP); the limit is ${megapixels(limitInputPixels)} MP.`,
    );
  }
  return header;
}

/**
 * A libvips decode failure on a file whose bytes looked like an accepted format is the file's fault
 * (truncated upload, damaged bytes), except when the machine itself ran out of something.
 */
export function asMediaError(error: unknown, mime: string): unknown {
  if (error instanceof MediaError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/out of memory|ENOMEM|EMFILE|ENOSPC/i.test(message)) return error;
  if (/exceeds pixel limit/i.test(message)) {
    return new MediaError('too-large', 'This image has more pixels than we accept.', { cause: error });
  }
  // sharp's prebuilt libvips ships libheif without an HEVC decoder (patents), so iPhone HEIC photos
  // parse but do not decode: "Support for this compression format has not been built in: HEVC".
  if (
    (mime === 'image/heic' || mime === 'image/heif') &&
    /not been built in|decoder plugin|unsupported codec/i.test(message)
  ) {
    return new MediaError(
      'unsupported',
      'This is an HEIC photo (the iPhone format), which this server cannot convert yet; upload it as JPEG instead.',
      { cause: error },
    );
  }
  return new MediaError(
    'corrupt',
    'This image file is damaged or incomplete (perhaps cut off during upload), so it cannot be shown.',
    { cause: error },
  );
}

function megapixels(pixels: number): string {
  return (pixels / 1_000_000).toFixed(pixels < 10_000_000 ? 1 : 0);
}
