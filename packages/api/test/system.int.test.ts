import { createUpload, recordStorageSweep, recordUploadProgress, schema } from '@party/db';
import {
  recordingJobQueue,
  seedEvent,
  seedImage,
  seedMusicSet,
  seedRendition,
  seedTrack,
  seedUser,
  useJobQueue,
  useTestDatabase,
} from '@party/testing';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { SystemServices } from '../src/context';
import { asViewer, callerFor } from './helpers';

const { db, url } = await useTestDatabase();
const jobs = await useJobQueue(url);
const admin = await seedUser(db, { role: 'admin', name: 'Ada Admin', email: 'ada@test.local' });
const system: SystemServices = {
  appVersion: '9.9.9',
  queues: jobs.inspector,
  mediaCache: () => ({ usedBytes: 1234, reservedBytes: 0, files: 2, maxBytes: 10_000 }),
};
const recorded = recordingJobQueue();
const caller = callerFor(db, asViewer(admin), { system, jobs: recorded });

describe('admin.system', () => {
  it('shows versions, the media cache, and no sweep before the first one', async () => {
    const overview = await caller.admin.system.overview();
    expect(overview.versions.app).toBe('9.9.9');
    expect(overview.versions.node).toBe(process.versions.node);
    expect(overview.versions.postgres).toMatch(/^\d+(\.\d+)?/);
    expect(overview.mediaCache).toEqual({ usedBytes: 1234, reservedBytes: 0, files: 2, maxBytes: 10_000 });
    expect(overview.sweep).toBeNull();
  });

  it('adds up storage per event and per set, originals apart from derived files', async () => {
    const event = await seedEvent(db, { title: 'Big night', createdBy: admin.id });
    const image = await seedImage(db, { eventId: event.id, bytes: 5_000_000 });
    await seedImage(db, { eventId: event.id, bytes: 3_000_000 });
    // seedImage adds a thumb (100 bytes) and a preview (500 bytes) to each photo; this one gets real sizes.
    await db.delete(schema.imageVariants).where(eq(schema.imageVariants.imageId, image.id));
    await db.insert(schema.imageVariants).values([
      {
        imageId: image.id,
        variant: 'thumb',
        format: 'webp',
        key: `derived/images/${image.id}/thumb.webp`,
        width: 400,
        height: 300,
        bytes: 20_000,
      },
      {
        imageId: image.id,
        variant: 'preview',
        format: 'webp',
        key: `derived/images/${image.id}/preview.webp`,
        width: 1600,
        height: 1200,
        bytes: 300_000,
      },
    ]);
    const set = await seedMusicSet(db, { title: 'Sunrise set' });
    const track = await seedTrack(db, { setId: set.id, bytes: 2_000_000_000 });
    await seedRendition(db, { trackId: track.id, tier: 'high', bytes: 300_000_000 });
    await seedRendition(db, { trackId: track.id, tier: 'medium', bytes: 180_000_000 });
    await seedEvent(db, { title: 'Empty', createdBy: admin.id });

    const { storage } = await caller.admin.system.overview();
    expect(storage.events.find((row) => row.id === event.id)).toMatchObject({
      title: 'Big night',
      originalBytes: 8_000_000,
      derivedBytes: 320_600,
      items: 2,
    });
    expect(storage.sets.find((row) => row.id === set.id)).toMatchObject({
      title: 'Sunrise set',
      originalBytes: 2_000_000_000,
      derivedBytes: 480_000_000,
      items: 1,
    });
    expect(storage.events.find((row) => row.title === 'Empty')).toMatchObject({
      originalBytes: 0,
      derivedBytes: 0,
    });
    // Largest first.
    expect(storage.events[0]?.id).toBe(event.id);
  });

  it('lists uploads in progress with who and how far', async () => {
    await createUpload(db, {
      id: 'originals/00000000-0000-4000-8000-000000000001',
      ownerId: admin.id,
      kind: 'audio',
      fileName: 'set.flac',
      size: 1_000_000,
    });
    await recordUploadProgress(db, 'originals/00000000-0000-4000-8000-000000000001', 400_000);
    // Never backwards (a late progress report of an earlier PATCH).
    await recordUploadProgress(db, 'originals/00000000-0000-4000-8000-000000000001', 100_000);
    const { uploads } = await caller.admin.system.overview();
    expect(uploads).toEqual([
      expect.objectContaining({
        fileName: 'set.flac',
        kind: 'audio',
        size: 1_000_000,
        received: 400_000,
        ownerName: 'Ada Admin',
        ownerEmail: 'ada@test.local',
      }),
    ]);
  });

  it("shows the last sweep's report", async () => {
    await recordStorageSweep(db, {
      dryRun: false,
      orphans: [
        { key: 'originals/a', size: 10, removed: true },
        { key: 'derived/images/x/thumb.webp', size: 5, removed: false },
      ],
      missing: [{ kind: 'image', id: '00000000-0000-4000-8000-000000000002', key: 'originals/b' }],
    });
    const { sweep } = await caller.admin.system.overview();
    expect(sweep).toMatchObject({ orphanCount: 2, orphanBytes: 15, orphansRemoved: 1, missingCount: 1 });
    expect(sweep?.report.missing[0]?.key).toBe('originals/b');
  });

  it('counts failed jobs by kind and puts them back on the queue', async () => {
    let runs = 0;
    // Fails its first run and the one retry its policy allows, then works once an admin retries.
    await jobs.work('sweep-deletions', async () => {
      runs += 1;
      if (runs <= 2) throw new Error(`broken on run ${runs}`);
    });
    await jobs.queue.send('sweep-deletions', {});
    const failedCount = async () =>
      (await caller.admin.system.overview()).queues?.find((queue) => queue.name === 'sweep-deletions')
        ?.failed;
    await expect.poll(failedCount, { timeout: 20_000, interval: 250 }).toBe(1);

    expect(await caller.admin.system.retryFailed({ kind: 'sweep-deletions' })).toEqual({ retried: 1 });
    await expect.poll(failedCount, { timeout: 20_000, interval: 250 }).toBe(0);
    await expect.poll(() => runs, { timeout: 20_000, interval: 250 }).toBe(3);
    expect(await caller.admin.system.retryFailed({ kind: 'sweep-deletions' })).toEqual({ retried: 0 });
  });

  it('refuses an unknown job kind, and queues a storage check on request', async () => {
    await expect(
      caller.admin.system.retryFailed({ kind: 'no-such-kind' as 'process-image' }),
    ).rejects.toThrow();
    await caller.admin.system.checkStorage();
    expect(recorded.sent).toEqual([{ name: 'sweep-orphans', payload: { dryRun: true } }]);
  });
});
