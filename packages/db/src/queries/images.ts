import { and, asc, eq, inArray, isNull, lt, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { events, type ImageVariantName, images, imageVariants, type Visibility } from '../schema';
import { type AudienceClass, type ViewerScope, visibleTo } from './visibility';

export type Image = typeof images.$inferSelect;
export type ImageVariant = typeof imageVariants.$inferSelect;

export async function createImage(
  db: Database,
  input: {
    eventId: string;
    uploadId: string;
    originalKey: string;
    originalName: string;
    bytes: number;
    mime?: string | null;
    createdBy: string;
  },
): Promise<Image> {
  const [row] = await db
    .insert(images)
    .values(input)
    .onConflictDoNothing({ target: images.uploadId })
    .returning();
  if (row) return row;
  // The same finished upload reported twice: the first call already created the image.
  const existing = await db.query.images.findFirst({ where: eq(images.uploadId, input.uploadId) });
  if (!existing) throw new Error(`image for upload ${input.uploadId} could not be created`);
  return existing;
}

export async function findImageById(db: Database, id: string): Promise<Image | undefined> {
  return db.query.images.findFirst({ where: eq(images.id, id) });
}

export async function findImageVariants(db: Database, imageIds: string[]): Promise<ImageVariant[]> {
  if (imageIds.length === 0) return [];
  return db.select().from(imageVariants).where(inArray(imageVariants.imageId, imageIds));
}

/**
 * The variants of every image of one event, in one statement keyed by the event (a gallery of
 * 2,000 photos would otherwise send 2,000 ids). Callers keep only those of the images they may show.
 */
export async function findEventImageVariants(db: Database, eventId: string): Promise<ImageVariant[]> {
  return db
    .select({
      imageId: imageVariants.imageId,
      variant: imageVariants.variant,
      format: imageVariants.format,
      key: imageVariants.key,
      width: imageVariants.width,
      height: imageVariants.height,
      bytes: imageVariants.bytes,
    })
    .from(imageVariants)
    .innerJoin(images, eq(images.id, imageVariants.imageId))
    .where(eq(images.eventId, eventId));
}

/**
 * The one order of a gallery, for admins, members and ZIPs alike: the admin's own order first
 * (`position`, set by reordering or sorting); then, for photos never placed, when the photo was
 * taken, then its file name (cameras number them in shooting order), then upload order. Photos
 * without a taken-at time (screenshots, scans, still processing) come last.
 */
export const GALLERY_ORDER = [
  sql`${images.position} asc nulls last`,
  sql`${images.takenAt} asc nulls last`,
  asc(images.originalName),
  asc(images.createdAt),
  asc(images.id),
] as const;

/** Every image of an event for the admin grid (all statuses), in the order photos were taken. */
export async function listEventImagesForAdmin(db: Database, eventId: string): Promise<Image[]> {
  return db
    .select()
    .from(images)
    .where(eq(images.eventId, eventId))
    .orderBy(...GALLERY_ORDER);
}

/** Ready images of an event that the viewer may see, in the order they were taken. */
export async function listVisibleEventImages(
  db: Database,
  viewer: ViewerScope | AudienceClass,
  eventId: string,
): Promise<Image[]> {
  return db
    .select()
    .from(images)
    .where(and(eq(images.eventId, eventId), eq(images.status, 'ready'), visibleTo(viewer, images)))
    .orderBy(...GALLERY_ORDER);
}

/**
 * The cover photo of each of these events for this viewer: the one the admin chose when the viewer
 * may see it, otherwise the first photo of the gallery they see. Events with nothing visible have none.
 */
export async function listEventCovers(
  db: Database,
  viewer: ViewerScope | AudienceClass,
  eventIds: string[],
): Promise<Image[]> {
  if (eventIds.length === 0) return [];
  const rows = await db
    .selectDistinctOn([images.eventId], { image: images })
    .from(images)
    .innerJoin(events, eq(events.id, images.eventId))
    .where(and(inArray(images.eventId, eventIds), eq(images.status, 'ready'), visibleTo(viewer, images)))
    .orderBy(images.eventId, sql`${images.id} = ${events.coverImageId} desc nulls last`, ...GALLERY_ORDER);
  return rows.map((row) => row.image);
}

/** One ready image if the viewer may see it; undefined otherwise (missing and hidden look the same). */
export async function findVisibleImage(
  db: Database,
  viewer: ViewerScope,
  id: string,
): Promise<Image | undefined> {
  const [row] = await db
    .select()
    .from(images)
    .where(and(eq(images.id, id), eq(images.status, 'ready'), visibleTo(viewer, images)));
  return row;
}

export async function setImagesVisibility(
  db: Database,
  params: { ids?: string[]; eventId?: string; visibility: Visibility },
): Promise<number> {
  const target = params.ids
    ? inArray(images.id, params.ids)
    : params.eventId
      ? eq(images.eventId, params.eventId)
      : undefined;
  if (!target) return 0;
  const rows = await db
    .update(images)
    .set({ visibility: params.visibility, updatedAt: new Date() })
    .where(and(target, inArray(images.status, ['processing', 'ready', 'failed'])))
    .returning({ id: images.id });
  return rows.length;
}

export async function setImagesOriginalDownload(
  db: Database,
  ids: string[],
  allow: boolean,
): Promise<number> {
  const rows = await db
    .update(images)
    .set({ allowOriginalDownload: allow, updatedAt: new Date() })
    .where(inArray(images.id, ids))
    .returning({ id: images.id });
  return rows.length;
}

export async function setImageProgress(db: Database, id: string, progress: number): Promise<void> {
  await db
    .update(images)
    .set({ progress: Math.round(progress) })
    .where(eq(images.id, id));
}

/**
 * Records a processing failure in words for the admin; `retryable: false` when the file itself was
 * refused, so processing it again cannot help.
 */
export async function markImageFailed(
  db: Database,
  id: string,
  reason: string,
  { retryable = true }: { retryable?: boolean } = {},
): Promise<void> {
  await db
    .update(images)
    .set({
      status: 'failed',
      failureReason: reason,
      failureRetryable: retryable,
      progress: 100,
      updatedAt: new Date(),
    })
    .where(and(eq(images.id, id), eq(images.status, 'processing')));
}

/** Back to `processing` for another attempt (admin's retry of a failed image). */
export async function resetImageForRetry(db: Database, id: string): Promise<boolean> {
  const rows = await db
    .update(images)
    .set({ status: 'processing', failureReason: null, progress: 0, updatedAt: new Date() })
    .where(
      and(
        eq(images.id, id),
        eq(images.status, 'failed'),
        eq(images.failureRetryable, true),
        isNull(images.duplicateOf),
      ),
    )
    .returning({ id: images.id });
  return rows.length > 0;
}

/** The earlier image of this event with the same bytes, if any. */
export async function findDuplicateImage(
  db: Database,
  params: { eventId: string; sha256: string; exceptId: string },
): Promise<Image | undefined> {
  const [row] = await db
    .select()
    .from(images)
    .where(
      and(
        eq(images.eventId, params.eventId),
        eq(images.sha256, params.sha256),
        isNull(images.duplicateOf),
        sql`${images.id} <> ${params.exceptId}`,
      ),
    );
  return row;
}

/** Flags an image as a second copy of `duplicateOf`; its original is removed by the caller. */
export async function markImageDuplicate(
  db: Database,
  id: string,
  duplicateOf: string,
  sha256: string,
): Promise<void> {
  await db
    .update(images)
    .set({
      status: 'failed',
      duplicateOf,
      sha256,
      progress: 100,
      failureReason: 'This photo is already in the event; the copy was not stored twice.',
      updatedAt: new Date(),
    })
    .where(eq(images.id, id));
}

/** Stores what processing found and the derivative rows, and makes the image ready, in one transaction. */
export async function markImageReady(
  db: Database,
  id: string,
  facts: Pick<Image, 'mime' | 'sha256' | 'width' | 'height' | 'takenAt' | 'thumbhash'>,
  variants: Array<Omit<ImageVariant, 'imageId'>>,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(imageVariants).where(eq(imageVariants.imageId, id));
    if (variants.length > 0)
      await tx.insert(imageVariants).values(variants.map((v) => ({ ...v, imageId: id })));
    await tx
      .update(images)
      .set({ ...facts, status: 'ready', progress: 100, failureReason: null, updatedAt: new Date() })
      .where(eq(images.id, id));
  });
}

/**
 * Adds derivatives made after the image became `ready` (full-size JPEG, AVIF preview), replacing
 * rows of the same variant and format. Returns false, storing nothing, when the image is no longer
 * `ready` (deleted, being deleted, reprocessed meanwhile): the caller then removes its objects.
 */
export async function addImageVariants(
  db: Database,
  id: string,
  variants: Array<Omit<ImageVariant, 'imageId'>>,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    // The row lock keeps a deletion from slipping in between the check and the insert.
    const [image] = await tx
      .select({ status: images.status })
      .from(images)
      .where(eq(images.id, id))
      .for('update');
    if (image?.status !== 'ready') return false;
    if (variants.length === 0) return true;
    await tx
      .insert(imageVariants)
      .values(variants.map((v) => ({ ...v, imageId: id })))
      .onConflictDoUpdate({
        target: [imageVariants.imageId, imageVariants.variant, imageVariants.format],
        set: {
          key: sql`excluded.key`,
          width: sql`excluded.width`,
          height: sql`excluded.height`,
          bytes: sql`excluded.bytes`,
        },
      });
    return true;
  });
}

/**
 * Every S3 key an image owns: its original and each variant. The one answer that deletion and the
 * storage sweeps use, so a new kind of image object is added here once.
 */
export function imageObjectKeys(
  image: Pick<Image, 'originalKey'>,
  variants: ReadonlyArray<Pick<ImageVariant, 'key'>>,
): string[] {
  return [image.originalKey, ...variants.map((v) => v.key)];
}

/** Each image with every S3 key it owns (see `imageObjectKeys`), given their variants. */
function withObjectKeys<T extends Pick<Image, 'id' | 'originalKey'>>(
  rows: T[],
  variants: ReadonlyArray<Pick<ImageVariant, 'imageId' | 'key'>>,
): Array<T & { keys: string[] }> {
  const byImage = new Map<string, Array<Pick<ImageVariant, 'key'>>>();
  for (const v of variants) {
    const list = byImage.get(v.imageId);
    if (list) list.push(v);
    else byImage.set(v.imageId, [v]);
  }
  return rows.map((row) => ({ ...row, keys: imageObjectKeys(row, byImage.get(row.id) ?? []) }));
}

/**
 * Marks images for deletion and returns every S3 key they own (original and variants). The
 * caller deletes the objects first and the rows after, so no object is ever left without a row.
 */
export async function markImagesDeleting(db: Database, ids: string[]) {
  if (ids.length === 0) return [];
  const marked = await db
    .update(images)
    .set({ status: 'deleting', updatedAt: new Date() })
    .where(inArray(images.id, ids))
    .returning({ id: images.id, eventId: images.eventId, originalKey: images.originalKey });
  const variants = await findImageVariants(
    db,
    marked.map((m) => m.id),
  );
  return withObjectKeys(marked, variants).map(({ id, eventId, keys }) => ({ id, eventId, keys }));
}

/** Those of these images still in `deleting`, with every S3 key they own (for the deletion job). */
export async function listImagesDeleting(db: Database, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: images.id, originalKey: images.originalKey })
    .from(images)
    .where(and(inArray(images.id, ids), eq(images.status, 'deleting')));
  const variants = await findImageVariants(
    db,
    rows.map((r) => r.id),
  );
  return withObjectKeys(rows, variants).map(({ id, keys }) => ({ id, keys }));
}

/** Every image with the S3 keys it owns and its status (for the storage sweep). */
export async function listImageObjects(db: Database) {
  const rows = await db
    .select({ id: images.id, originalKey: images.originalKey, status: images.status })
    .from(images);
  const variants = await db
    .select({ imageId: imageVariants.imageId, key: imageVariants.key })
    .from(imageVariants);
  return withObjectKeys(rows, variants);
}

/** Removes image rows after their objects are gone; clears covers that pointed at them. */
export async function deleteImageRows(db: Database, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.transaction(async (tx) => {
    await tx.update(events).set({ coverImageId: null }).where(inArray(events.coverImageId, ids));
    await tx.delete(images).where(inArray(images.id, ids));
  });
}

/** Images stuck in `deleting` (a failed S3 delete); the deletion job retries them. */
export async function listImagesStuckDeleting(db: Database, olderThan: Date): Promise<string[]> {
  const rows = await db
    .select({ id: images.id })
    .from(images)
    .where(and(eq(images.status, 'deleting'), lt(images.updatedAt, olderThan)));
  return rows.map((r) => r.id);
}

export type { ImageVariantName };

/** The orders an admin can sort a gallery by with one click. */
export const gallerySortKeys = ['takenAt', 'fileName', 'uploadOrder'] as const;
export type GallerySortKey = (typeof gallerySortKeys)[number];

/**
 * Puts the event's photos in exactly this order (positions 0..n-1). Every photo of the event must be
 * listed once and nothing else: a stale list (a photo uploaded or removed meanwhile) is refused
 * rather than half applied. Returns false when the list does not match the event.
 */
export async function reorderEventImages(db: Database, eventId: string, ids: string[]): Promise<boolean> {
  return db.transaction(async (tx) => {
    // Lock the event's rows so two reorders (or a reorder and an upload's insert) do not interleave.
    const rows = await tx
      .select({ id: images.id })
      .from(images)
      .where(eq(images.eventId, eventId))
      .for('update');
    const current = new Set(rows.map((r) => r.id));
    if (
      new Set(ids).size !== ids.length ||
      ids.length !== current.size ||
      !ids.every((id) => current.has(id))
    ) {
      return false;
    }
    if (ids.length === 0) return true;
    const cases = sql.join(
      ids.map((id, i) => sql`when ${id}::uuid then ${i}::int`),
      sql` `,
    );
    await tx
      .update(images)
      .set({ position: sql`case ${images.id} ${cases} end`, updatedAt: new Date() })
      .where(eq(images.eventId, eventId));
    return true;
  });
}

/**
 * Sorts the event's photos once by capture time, file name or upload order and stores it as the
 * admin's order (positions), so later moves start from there. Returns how many photos were placed.
 */
export async function sortEventImages(
  db: Database,
  eventId: string,
  by: GallerySortKey,
  attempt = 1,
): Promise<number> {
  const order = {
    takenAt: [sql`${images.takenAt} asc nulls last`, asc(images.originalName), asc(images.createdAt)],
    fileName: [asc(images.originalName), asc(images.createdAt)],
    uploadOrder: [asc(images.createdAt), asc(images.originalName)],
  }[by];
  const rows = await db
    .select({ id: images.id })
    .from(images)
    .where(eq(images.eventId, eventId))
    .orderBy(...order, asc(images.id));
  const ids = rows.map((r) => r.id);
  // Photos that arrive between the read and the write make the list stale: sort again from fresh.
  if (!(await reorderEventImages(db, eventId, ids))) {
    if (attempt >= 3) throw new Error(`photos of event ${eventId} kept changing while sorting`);
    return sortEventImages(db, eventId, by, attempt + 1);
  }
  return ids.length;
}
