import type { S3Client } from '@aws-sdk/client-s3';
import { type Database, listStoredObjects, recordStorageSweep } from '@party/db';
import type { JobHandler } from '@party/jobs';
import { deleteObjects, listObjects } from '@party/storage';
import type { WorkerLog } from '../worker-log';

/** Orphans younger than this may belong to work in flight (an upload finishing, a job writing). */
const GRACE_MS = 24 * 60 * 60 * 1000;
const SWEPT_PREFIXES = ['originals/', 'derived/'];

export interface SweepReport {
  orphans: Array<{ key: string; size: number; removed: boolean }>;
  /** Rows whose object is gone: an image, a track (original, peaks, a rendition) or a set's cover. */
  missing: Array<{ kind: 'image' | 'track' | 'set'; id: string; key: string }>;
}

/**
 * Finds objects with no row and rows whose objects are gone, and reports both in the log.
 * Orphans past the grace period are removed (unless `dryRun`); rows are never touched here,
 * since a missing object needs a person to decide (re-upload or delete).
 */
export async function sweepOrphans(
  deps: { db: Database; s3: S3Client; bucket: string; log: WorkerLog },
  options: { dryRun?: boolean; now?: Date } = {},
): Promise<SweepReport> {
  const now = options.now ?? new Date();
  const { owners, uploadKeys } = await listStoredObjects(deps.db);
  const known = new Set([...uploadKeys, ...owners.flatMap((owner) => owner.keys)]);
  const present = new Set<string>();
  const orphans: SweepReport['orphans'] = [];
  for (const prefix of SWEPT_PREFIXES) {
    for await (const object of listObjects(deps.s3, deps.bucket, prefix)) {
      present.add(object.key);
      if (known.has(object.key)) continue;
      const removable = !options.dryRun && now.getTime() - object.lastModified.getTime() > GRACE_MS;
      orphans.push({ key: object.key, size: object.size, removed: removable });
    }
  }
  const toRemove = orphans.filter((o) => o.removed).map((o) => o.key);
  if (toRemove.length > 0) await deleteObjects(deps.s3, deps.bucket, toRemove);

  const missing: SweepReport['missing'] = owners
    .filter((owner) => owner.expectsObjects)
    .flatMap(({ kind, id, keys }) =>
      keys.filter((key) => !present.has(key)).map((key) => ({ kind, id, key })),
    );

  if (orphans.length > 0 || missing.length > 0) {
    deps.log.warn(
      {
        orphans: orphans.length,
        orphansRemoved: toRemove.length,
        orphanSample: orphans.slice(0, 20).map((o) => o.key),
        missing: missing.length,
        missingSample: missing.slice(0, 20),
      },
      'storage sweep found objects without rows or rows without objects',
    );
  }
  return { orphans, missing };
}

export function sweepOrphansHandler(deps: {
  db: Database;
  s3: S3Client;
  bucket: string;
  log: WorkerLog;
}): JobHandler<'sweep-orphans'> {
  return async ({ dryRun }) => {
    const report = await sweepOrphans(deps, { dryRun });
    // Kept for the admin System page (the last report, with samples); the log has it too.
    await recordStorageSweep(deps.db, { ...report, dryRun: dryRun ?? false });
  };
}
