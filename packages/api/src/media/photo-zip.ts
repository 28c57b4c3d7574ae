import {
  type Database,
  findEventById,
  findImageVariants,
  type Image,
  type ImageVariant,
  listVisibleEventImages,
  listVisibleFavouriteImages,
  listVisibleImagesByIds,
} from '@party/db';
import { safeEntryName, safeEntryNames } from '@party/storage';
import type { Viewer } from '../context';
import { viewerScope } from '../visibility';
import { downloadName } from './image-urls';

/** Most photos in one ZIP: bounds the planning queries and the central directory kept in memory. */
export const MAX_ZIP_PHOTOS = 2000;
/** Most photos one selection may name (they travel in a form post). */
export const MAX_ZIP_SELECTION = 500;
/** The same limit as a type, so the member app's copy of the number is checked against it. */
export type MaxZipSelection = typeof MAX_ZIP_SELECTION;

/** Which photos of one event go into a ZIP. */
export type PhotoZipRequest =
  | { kind: 'gallery'; eventId: string }
  | { kind: 'selection'; eventId: string; ids: string[] }
  | { kind: 'favourites'; eventId: string };

/** One file of the archive: the object to stream and the name it gets inside the ZIP. */
export interface PhotoZipEntry {
  key: string;
  name: string;
  size: number;
  modifiedAt: Date;
}

export type PhotoZipPlan =
  | { ok: true; fileName: string; entries: PhotoZipEntry[] }
  | { ok: false; status: 404 | 413; message: string };

const NOTHING = { ok: false, status: 404, message: 'There are no photos to download here.' } as const;

/**
 * The file of each photo that a ZIP carries: for a gallery or a selection the best kind a member
 * gets (the full-size JPEG; the WebP preview for a photo processed before full-size JPEGs existed),
 * for favourites the WebP preview (what the issue promised: small, quick to share).
 */
function fileOf(variants: ImageVariant[], best: boolean): ImageVariant | undefined {
  const full = best ? variants.find((v) => v.variant === 'full' && v.format === 'jpeg') : undefined;
  return full ?? variants.find((v) => v.variant === 'preview' && v.format === 'webp');
}

const EXTENSIONS = { jpeg: 'jpg', webp: 'webp', avif: 'avif' } as const;

/**
 * Decides what a viewer's ZIP holds, through the same visibility predicate as every member read
 * (`visibleTo`: drafts, other events' attendee photos and hidden photos never get in). Whatever is
 * not visible answers like nothing at all (404), so the answer says nothing about what exists.
 */
export async function planPhotoZip(
  db: Database,
  viewer: Viewer,
  request: PhotoZipRequest,
): Promise<PhotoZipPlan> {
  const event = await findEventById(db, request.eventId);
  if (!event) return NOTHING;
  const scope = viewerScope(viewer);
  let photos: Image[];
  if (request.kind === 'gallery') photos = await listVisibleEventImages(db, scope, event.id);
  else if (request.kind === 'selection') {
    if (request.ids.length > MAX_ZIP_SELECTION) {
      return {
        ok: false,
        status: 413,
        message: `A selection can hold at most ${MAX_ZIP_SELECTION} photos; download the whole gallery instead.`,
      };
    }
    photos = await listVisibleImagesByIds(db, scope, event.id, request.ids);
  } else photos = (await listVisibleFavouriteImages(db, scope, viewer.id, event.id)).map((row) => row.image);
  if (photos.length === 0) return NOTHING;
  if (photos.length > MAX_ZIP_PHOTOS) {
    return {
      ok: false,
      status: 413,
      message: `This gallery has ${photos.length} photos; one ZIP holds at most ${MAX_ZIP_PHOTOS}. Select fewer photos.`,
    };
  }

  const variants = await findImageVariants(
    db,
    photos.map((p) => p.id),
  );
  const byImage = new Map<string, ImageVariant[]>();
  for (const v of variants) byImage.set(v.imageId, [...(byImage.get(v.imageId) ?? []), v]);
  const files = photos.flatMap((photo) => {
    const file = fileOf(byImage.get(photo.id) ?? [], request.kind !== 'favourites');
    return file ? [{ photo, file, ext: EXTENSIONS[file.format] }] : [];
  });
  if (files.length === 0) return NOTHING;
  const names = safeEntryNames(
    files.map(({ photo, ext }) => downloadName(photo.originalName, ext)),
    (i) => `photo-${i + 1}.${files[i]?.ext ?? 'jpg'}`,
  );
  const suffix = { gallery: '', selection: ' (selection)', favourites: ' (favourites)' }[request.kind];
  return {
    ok: true,
    fileName: safeEntryName(`${event.title}${suffix}.zip`, 'photos.zip'),
    entries: files.map(({ photo, file }, i) => ({
      key: file.key,
      name: names[i] ?? `photo-${i + 1}`,
      size: file.bytes,
      modifiedAt: photo.takenAt ?? photo.createdAt,
    })),
  };
}
