import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import type { ImageVariant } from './types';
import { decodeOptions } from './working-copy';

/**
 * "Photo (JPEG, full size)": the original's full resolution as a baseline JPEG, which every phone,
 * Windows and every editor opens (the WebP preview is 1600 px and awkward outside browsers).
 * Quality 88 with 4:2:0 chroma: visually the camera's own JPEG at a similar size.
 */
const FULL_JPEG = { quality: 88, chromaSubsampling: '4:2:0' } as const;

export const FULL_JPEG_FILE = 'full.jpeg';

/**
 * Writes `full.jpeg` into `outputDir`: upright (EXIF orientation applied), sRGB, transparency on
 * white, and no metadata at all (sharp writes none unless asked: no EXIF, GPS, XMP or ICC).
 * Decoded from the original separately from the 1600 px working copy, streaming through libvips
 * rather than holding the full-size pixels.
 */
export async function writeFullJpeg(
  inputPath: string,
  outputDir: string,
  limitInputPixels: number,
): Promise<ImageVariant> {
  const path = join(outputDir, FULL_JPEG_FILE);
  try {
    const info = await sharp(inputPath, decodeOptions(limitInputPixels))
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .jpeg(FULL_JPEG)
      .toFile(path);
    return {
      variant: 'full',
      format: 'jpeg',
      path,
      width: info.width,
      height: info.height,
      bytes: info.size,
    };
  } catch (error) {
    await rm(path, { force: true });
    throw error;
  }
}
