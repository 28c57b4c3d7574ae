import { isNotNull } from 'drizzle-orm';
import type { Database } from '../client';
import { musicSets, uploads } from '../schema';
import { listImageObjects } from './images';
import { listTrackObjects } from './tracks';
import { uploadObjectKeys } from './uploads';

/** A row that owns S3 objects, with every key it owns. */
export interface ObjectOwner {
  kind: 'image' | 'track' | 'set';
  id: string;
  /** Its objects must exist: a ready image or track, a set with a cover (others are in flight). */
  expectsObjects: boolean;
  keys: string[];
}

/**
 * What the storage sweep compares with the bucket: every row that owns objects (images, tracks,
 * set covers, keys from `imageObjectKeys` / `trackObjectKeys`) and the objects of tus uploads.
 */
export async function listStoredObjects(
  db: Database,
): Promise<{ owners: ObjectOwner[]; uploadKeys: string[] }> {
  const owners: ObjectOwner[] = [
    ...(await listImageObjects(db)).map((row) => ({
      kind: 'image' as const,
      id: row.id,
      expectsObjects: row.status === 'ready',
      keys: row.keys,
    })),
    ...(await listTrackObjects(db)).map((row) => ({
      kind: 'track' as const,
      id: row.id,
      expectsObjects: row.status === 'ready',
      keys: row.keys,
    })),
  ];
  const covers = await db
    .select({ id: musicSets.id, key: musicSets.coverKey })
    .from(musicSets)
    .where(isNotNull(musicSets.coverKey));
  for (const row of covers) {
    if (row.key) owners.push({ kind: 'set', id: row.id, expectsObjects: true, keys: [row.key] });
  }
  const uploadKeys = (await db.select({ id: uploads.id }).from(uploads)).flatMap(uploadObjectKeys);
  return { owners, uploadKeys };
}
