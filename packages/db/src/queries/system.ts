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
  // Derived bytes are summed per item first, so an item's variants do not multiply its original.
  const eventRows = await db.execute<RawUse>(sql`
    select e.id, e.title, coalesce(sum(i.bytes), 0) as original_bytes,
      coalesce(sum(d.bytes), 0) as derived_bytes, count(i.id)::int as items
    from ${events} e
    left join ${images} i on i.event_id = e.id
    left join (select image_id, sum(bytes) as bytes from ${imageVariants} group by image_id) d
      on d.image_id = i.id
    group by e.id, e.title`);
  const setRows = await db.execute<RawUse>(sql`
    select s.id, s.title, coalesce(sum(t.bytes), 0) as original_bytes,
      coalesce(sum(d.bytes), 0) as derived_bytes, count(t.id)::int as items
    from ${musicSets} s
    left join ${tracks} t on t.set_id = s.id
    left join (select track_id, sum(bytes) as bytes from ${trackRenditions} group by track_id) d
      on d.track_id = t.id
    group by s.id, s.title`);
  // Sums of bigints come back as numeric strings; every size here fits a double exactly.
  const toUse = (row: RawUse): StorageUse => ({
    id: row.id,
    title: row.title,
    originalBytes: Number(row.original_bytes),
    derivedBytes: Number(row.derived_bytes),
    items: Number(row.items),
  });
  const bySize = (a: StorageUse, b: StorageUse) =>
    b.originalBytes + b.derivedBytes - (a.originalBytes + a.derivedBytes);
  return { events: [...eventRows].map(toUse).sort(bySize), sets: [...setRows].map(toUse).sort(bySize) };
}

type RawUse = { id: string; title: string; original_bytes: string; derived_bytes: string; items: number };

/** The PostgreSQL server's version, e.g. "15.18". */
export async function postgresVersion(db: Database): Promise<string> {
  const rows = await db.execute<{ server_version: string }>(sql`show server_version`);
  return (rows[0]?.server_version ?? 'unknown').split(' ')[0] ?? 'unknown';
}
