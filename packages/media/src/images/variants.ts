import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ImageVariant, ImageVariantName } from './types';
import { fromWorkingCopy, WORKING_LONG_EDGE, type WorkingCopy } from './working-copy';

/** Long edge per variant; smaller originals are never upscaled. */
export const VARIANT_LONG_EDGE: Readonly<Record<Exclude<ImageVariantName, 'full'>, number>> = {
  thumb: 400,
  preview: WORKING_LONG_EDGE,
};

/** Both formats at sharp's default quality (WebP 80, AVIF 50); not tuned further by eye or metric. */
const WEBP = { quality: 80, effort: 4 } as const;

/**
 * AVIF effort 2 with 4:2:0 chroma (what WebP always uses; sharp's AVIF default is 4:4:4): a 1600 px
 * preview takes ~0.3 s on two cores and comes out at 60–70% of the WebP. Effort 3 costs twice the
 * time for ~6% less; sharp's default effort 4 takes 2–5 s. Made by `finishImage`, after the photo is `ready`.
 */
const AVIF = { quality: 50, effort: 2, chromaSubsampling: '4:2:0' } as const;

/**
 * An AVIF preview is kept only when it is under 90% of the WebP preview's bytes: a smaller
 * saving does not pay for a second file to store and a second `<source>` to serve. Thumbs are WebP
 * only: at ~400 px they are a few KB, so AVIF would save little for a second encode per photo.
 */
export const AVIF_KEEP_RATIO = 0.9;

const FILES = { thumb: 'thumb.webp', preview: 'preview.webp', previewAvif: 'preview.avif' } as const;

/** Removes whatever `writeVariants` or `writeAvifPreview` may have written, e.g. after a failure half-way. */
export async function removeVariants(outputDir: string): Promise<void> {
  await Promise.all(Object.values(FILES).map((name) => rm(join(outputDir, name), { force: true })));
}

const fit = (edge: number) =>
  ({ width: edge, height: edge, fit: 'inside', withoutEnlargement: true }) as const;

/**
 * Writes `thumb.webp` and `preview.webp` into `outputDir`, encoded from the working copy (already
 * upright, sRGB and stripped of metadata): what a photo is `ready` with.
 */
export async function writeVariants(copy: WorkingCopy, outputDir: string): Promise<ImageVariant[]> {
  const thumbPath = join(outputDir, FILES.thumb);
  const previewPath = join(outputDir, FILES.preview);

  const long = VARIANT_LONG_EDGE;
  // Encoders are single-threaded in places (libwebp), so running both at once keeps both cores busy.
  const [thumb, preview] = await Promise.all([
    fromWorkingCopy(copy).resize(fit(long.thumb)).webp(WEBP).toFile(thumbPath),
    fromWorkingCopy(copy).resize(fit(long.preview)).webp(WEBP).toFile(previewPath),
  ]);

  const variants: ImageVariant[] = [
    {
      variant: 'thumb',
      format: 'webp',
      path: thumbPath,
      width: thumb.width,
      height: thumb.height,
      bytes: thumb.size,
    },
    {
      variant: 'preview',
      format: 'webp',
      path: previewPath,
      width: preview.width,
      height: preview.height,
      bytes: preview.size,
    },
  ];
  return variants;
}

/**
 * Writes `preview.avif` from the working copy and returns it when it is under `AVIF_KEEP_RATIO` of
 * the WebP preview's bytes; otherwise removes it and returns undefined.
 */
export async function writeAvifPreview(
  copy: WorkingCopy,
  outputDir: string,
  webpPreviewBytes: number,
): Promise<ImageVariant | undefined> {
  const avifPath = join(outputDir, FILES.previewAvif);
  const avif = await fromWorkingCopy(copy).resize(fit(VARIANT_LONG_EDGE.preview)).avif(AVIF).toFile(avifPath);
  if (avif.size < webpPreviewBytes * AVIF_KEEP_RATIO) {
    return {
      variant: 'preview',
      format: 'avif',
      path: avifPath,
      width: avif.width,
      height: avif.height,
      bytes: avif.size,
    };
  }
  await rm(avifPath, { force: true });
  return undefined;
}
