import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../client';
import {
  events,
  images,
  imageVariants,
  musicSets,
  type StoredSweepReport,
  storageSweeps,
  trackRenditions,
  tracks,
  uploads,
  user,
} from '../schema';

/** How many orphans and missing objects a stored sweep report keeps (the counts are exact). */
export const SWEEP_SAMPLE = 200;

export type StorageSweep = typeof storageSweeps.$inferSelect;

/** Stores what a storage sweep found: exact counts, a sample of at most `SWEEP_SAMPLE` of each. */
export async function recordStorageSweep(
  db: Database,
  report: StoredSweepReport & { dryRun: boolean },
): Promise<StorageSweep> {
  const [row] = await db
    .insert(storageSweeps)
    .values({
      dryRun: report.dryRun,
      orphanCount: report.orphans.length,
      orphanBytes: report.orphans.reduce((sum, orphan) => sum + orphan.size, 0),
      orphansRemoved: report.orphans.filter((orphan) => orphan.removed).length,
      missingCount: report.missing.length,
      report: {
        orphans: report.orphans.slice(0, SWEEP_SAMPLE),
        missing: report.missing.slice(0, SWEEP_SAMPLE),
      },
    })
    .returning();
  if (!row) throw new Error('insert into storage_sweeps returned no row');
  // Only the recent history matters; older reports are in the logs.
  await db.execute(
    sql`delete from ${storageSweeps} where ${storageSweeps.id} not in (select id from ${storageSweeps} order by ${storageSweeps.finishedAt} desc limit 30)`,
  );
  return row;
}

/** The newest stored sweep report, or undefined before the first sweep. */
export async function latestStorageSweep(db: Database): Promise<StorageSweep | undefined> {
  const [row] = await db.select().from(storageSweeps).orderBy(desc(storageSweeps.finishedAt)).limit(1);
  return row;
}

/** Records how far a running upload is (bytes S3 has); never moves backwards. */
export async function recordUploadProgress(db: Database, id: string, received: number): Promise<void> {
  await db
    .update(uploads)
    .set({ received: sql`greatest(${uploads.received}, ${received})`, updatedAt: new Date() })
    .where(and(eq(uploads.id, id), eq(uploads.status, 'uploading')));
}

export interface UploadInProgress {
  id: string;
  kind: string;
  fileName: string;
  size: number;
  received: number;
  ownerName: string;
  ownerEmail: string;
  startedAt: Date;
  lastActivityAt: Date;
}

/** Unfinished uploads (not past their expiry: the expiry sweep aborts those), newest activity first. */
export async function listUploadsInProgress(db: Database, limit = 100): Promise<UploadInProgress[]> {
  return db
    .select({
      id: uploads.id,
      kind: uploads.kind,
      fileName: uploads.fileName,
      size: uploads.size,
      received: uploads.received,
      ownerName: user.name,
      ownerEmail: user.email,
      startedAt: uploads.createdAt,
      lastActivityAt: uploads.updatedAt,
    })
    .from(uploads)
    .innerJoin(user, eq(user.id, uploads.ownerId))
    .where(eq(uploads.status, 'uploading'))
    .orderBy(desc(uploads.updatedAt))
    .limit(limit);
}

export interface StorageUse {
  id: string;
  title: string;
  /** What admins uploaded (photos or audio originals). */
  originalBytes: number;
  /** What processing made from them (image variants, audio tiers). */
  derivedBytes: number;
  items: number;
}

/**
 * Bytes per event (photos and their variants) and per music set (track originals and tiers), from
 * the sizes recorded in the rows, largest first. Peaks and covers are small and left out.
 */
export async function storageUse(db: Database): Promise<{ events: StorageUse[]; sets: StorageUse[] }> {
  const imageDerived = db
    .select({
      imageId: imageVariants.imageId,
      bytes: sql<number>`sum(${imageVariants.bytes})`.as('bytes'),
    })
    .from(imageVariants)
    .groupBy(imageVariants.imageId)
    .as('image_derived');
  const eventRows = await db
    .select({
      id: events.id,
      title: events.title,
      originalBytes: sql<string>`coalesce(sum(${images.bytes}), 0)`,
      derivedBytes: sql<string>`coalesce(sum(${imageDerived.bytes}), 0)`,
      items: sql<number>`count(${images.id})::int`,
    })
    .from(events)
    .leftJoin(images, eq(images.eventId, events.id))
    .leftJoin(imageDerived, eq(imageDerived.imageId, images.id))
    .groupBy(events.id, events.title);
  const trackDerived = db
    .select({
      trackId: trackRenditions.trackId,
      bytes: sql<number>`sum(${trackRenditions.bytes})`.as('bytes'),
    })
    .from(trackRenditions)
    .groupBy(trackRenditions.trackId)
    .as('track_derived');
  const setRows = await db
    .select({
      id: musicSets.id,
      title: musicSets.title,
      originalBytes: sql<string>`coalesce(sum(${tracks.bytes}), 0)`,
      derivedBytes: sql<string>`coalesce(sum(${trackDerived.bytes}), 0)`,
      items: sql<number>`count(${tracks.id})::int`,
    })
    .from(musicSets)
    .leftJoin(tracks, eq(tracks.setId, musicSets.id))
    .leftJoin(trackDerived, eq(trackDerived.trackId, tracks.id))
    .groupBy(musicSets.id, musicSets.title);
  // Sums of bigints come back as strings (numeric); every size here fits a double exactly.
  const toUse = (row: { id: string; title: string; originalBytes: string; derivedBytes: string; items: number }) => ({
    ...row,
    originalBytes: Number(row.originalBytes),
    derivedBytes: Number(row.derivedBytes),
  });
  const bySize = (a: StorageUse, b: StorageUse) =>
    b.originalBytes + b.derivedBytes - (a.originalBytes + a.derivedBytes);
  return { events: eventRows.map(toUse).sort(bySize), sets: setRows.map(toUse).sort(bySize) };
}

/** The PostgreSQL server's version, e.g. "15.18". */
export async function postgresVersion(db: Database): Promise<string> {
  const rows = await db.execute<{ server_version: string }>(sql`show server_version`);
  return (rows[0]?.server_version ?? 'unknown').split(' ')[0] ?? 'unknown';
}
