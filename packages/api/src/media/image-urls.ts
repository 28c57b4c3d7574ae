import {
  type Database,
  findEventImageVariants,
  findImageVariants,
  type Image,
  type ImageVariant,
  imageVariantContentTypes,
} from '@party/db';
import type { ViewerDelivery } from '@party/storage';
import { TRPCError } from '@trpc/server';
import type { Context } from '../context';
import type { ImageDownloadKind } from '../schemas/images';

const CONTENT_TYPES = imageVariantContentTypes;

function pick(variants: ImageVariant[], variant: 'thumb' | 'preview'): ImageVariant | undefined {
  const own = variants.filter((v) => v.variant === variant);
  // AVIF is only stored where it is smaller than the WebP, so prefer it when present.
  return own.find((v) => v.format === 'avif') ?? own.find((v) => v.format === 'webp');
}

/** The name a downloaded copy gets: the uploaded name with the derivative's extension. */
export function downloadName(originalName: string, ext: string): string {
  const base = originalName.replace(/\.[^.]{1,8}$/, '') || 'photo';
  return `${base}.${ext}`;
}

/** Photos with their derivatives, as read from the database: what `imageUrls` needs. */
export interface ImagesWithVariants {
  rows: Image[];
  variants: ReadonlyMap<string, ImageVariant[]>;
}

/**
 * The derivatives of these photos. `eventId`: every row is of this event, so the variants are
 * read by the event instead of by id.
 */
export async function withVariants(
  db: Database,
  rows: Image[],
  scope: { eventId?: string } = {},
): Promise<ImagesWithVariants> {
  const variants =
    scope.eventId !== undefined
      ? await findEventImageVariants(db, scope.eventId)
      : await findImageVariants(
          db,
          rows.map((r) => r.id),
        );
  // Only the given rows' variants are used (the event's query also returns those of other images).
  const byImage = new Map<string, ImageVariant[]>(rows.map((row) => [row.id, []]));
  for (const variant of variants) byImage.get(variant.imageId)?.push(variant);
  return { rows, variants: byImage };
}

/** What a gallery needs per image: dimensions, placeholder and short-lived URLs of the derivatives. */
export async function withImageUrls(
  ctx: Pick<Context, 'db' | 'delivery'>,
  rows: Image[],
  scope: { eventId?: string } = {},
) {
  return imageUrls(ctx, await withVariants(ctx.db, rows, scope));
}

/** `withImageUrls` for photos whose variants are already read (e.g. remembered by `libraryMemory`). */
export async function imageUrls(ctx: Pick<Context, 'delivery'>, { rows, variants }: ImagesWithVariants) {
  const now = new Date();
  return Promise.all(
    rows.map(async (image) => {
      const own = variants.get(image.id) ?? [];
      const thumb = pick(own, 'thumb');
      const preview = pick(own, 'preview');
      const sign = (variant: ImageVariant | undefined) =>
        variant
          ? ctx.delivery
              .url(variant.key, { now, contentType: CONTENT_TYPES[variant.format] })
              .then((delivered) => delivered.url)
          : Promise.resolve(null);
      const [thumbUrl, previewUrl] = await Promise.all([sign(thumb), sign(preview)]);
      const full = own.find((v) => v.variant === 'full' && v.format === 'jpeg');
      const webp = own.find((v) => v.variant === 'preview' && v.format === 'webp');
      return {
        id: image.id,
        eventId: image.eventId,
        width: image.width,
        height: image.height,
        takenAt: image.takenAt,
        thumbhash: image.thumbhash,
        visibility: image.visibility,
        originalDownload: image.allowOriginalDownload,
        /** What the download menu offers, each with its format and size for the label. */
        downloads: {
          jpeg: full ? { bytes: full.bytes, width: full.width, height: full.height } : null,
          preview: webp ? { bytes: webp.bytes, width: webp.width, height: webp.height } : null,
          original: image.allowOriginalDownload ? { bytes: image.bytes, mime: image.mime } : null,
        },
        thumbUrl,
        previewUrl,
      };
    }),
  );
}

/**
 * A download URL for a photo the viewer may see: its full-size JPEG, its WebP preview, or the
 * untouched original. The caller decides whether the original is offered to this viewer.
 */
export async function imageDownloadUrl(
  ctx: { db: Database; delivery: ViewerDelivery },
  image: Image,
  kind: ImageDownloadKind,
) {
  if (kind === 'original') {
    return ctx.delivery.url(image.originalKey, {
      downloadName: image.originalName,
      contentType: image.mime ?? 'application/octet-stream',
    });
  }
  const variants = await findImageVariants(ctx.db, [image.id]);
  if (kind === 'jpeg') {
    const full = variants.find((v) => v.variant === 'full' && v.format === 'jpeg');
    if (!full) {
      throw new TRPCError({
        code: 'NOT_FOUND',
        message: 'This photo has no full-size JPEG; download the preview.',
      });
    }
    return ctx.delivery.url(full.key, {
      downloadName: downloadName(image.originalName, 'jpg'),
      contentType: 'image/jpeg',
    });
  }
  const preview = variants.find((v) => v.variant === 'preview' && v.format === 'webp');
  if (!preview) throw new TRPCError({ code: 'NOT_FOUND', message: 'This photo has no preview yet.' });
  return ctx.delivery.url(preview.key, {
    downloadName: downloadName(image.originalName, 'webp'),
    contentType: 'image/webp',
  });
}
