import { PutObjectCommand } from '@aws-sdk/client-s3';
import { findImageVariants, imageObjectKeys, listRenditions, schema, trackObjectKeys } from '@party/db';
import {
  seedEvent,
  seedImage,
  seedMusicSet,
  seedRendition,
  seedTrack,
  useJobQueue,
  useS3Emulator,
  useTestDatabase,
} from '@party/testing';
import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { startWorker } from '../src/worker/start-worker';
import { bucketObjects } from './bucket-objects';

const { db, url } = await useTestDatabase();
const s3 = await useS3Emulator();
const jobs = await useJobQueue(url);
const silent = { info: () => {}, warn: () => {}, error: () => {} };
await startWorker({ db, s3: s3.client, bucket: s3.bucket, jobs, log: silent });
const { exists } = bucketObjects(s3);

const anHourAgo = new Date(Date.now() - 60 * 60 * 1000);

async function putAll(keys: string[]) {
  for (const key of keys) {
    await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: key }));
  }
}

/** A processed track with two renditions, all of its objects in the bucket. */
async function storedTrack(setId: string, updatedAt: Date) {
  const track = await seedTrack(db, { setId, status: 'deleting', updatedAt });
  await seedRendition(db, { trackId: track.id, tier: 'high' });
  await seedRendition(db, { trackId: track.id, tier: 'medium' });
  const keys = trackObjectKeys(track, await listRenditions(db, [track.id]));
  await putAll(keys);
  return { track, keys };
}

describe('sweep-deletions', () => {
  it('re-queues a track and an image stuck in deleting: their objects go, then their rows', async () => {
    const set = await seedMusicSet(db);
    const stuck = await storedTrack(set.id, anHourAgo);
    // A deletion started a minute ago still has its own job: the sweep leaves it alone.
    const recent = await storedTrack(set.id, new Date(Date.now() - 60 * 1000));
    const event = await seedEvent(db);
    const image = await seedImage(db, { eventId: event.id, status: 'deleting', updatedAt: anHourAgo });
    const imageKeys = imageObjectKeys(image, await findImageVariants(db, [image.id]));
    await putAll(imageKeys);

    await jobs.queue.send('sweep-deletions', {});

    await vi.waitFor(
      async () => {
        const tracks = await db.select().from(schema.tracks).where(eq(schema.tracks.id, stuck.track.id));
        const images = await db.select().from(schema.images).where(eq(schema.images.id, image.id));
        expect([...tracks, ...images]).toEqual([]);
      },
      { timeout: 30_000, interval: 200 },
    );
    expect(stuck.keys).toHaveLength(5);
    for (const key of [...stuck.keys, ...imageKeys]) expect(await exists(key), key).toBe(false);
    expect(await listRenditions(db, [stuck.track.id])).toEqual([]);

    const left = await db
      .select({ id: schema.tracks.id, status: schema.tracks.status })
      .from(schema.tracks)
      .where(inArray(schema.tracks.id, [recent.track.id]));
    expect(left).toEqual([{ id: recent.track.id, status: 'deleting' }]);
    for (const key of recent.keys) expect(await exists(key), key).toBe(true);
  });
});
