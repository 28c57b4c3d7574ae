import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createDatabase, listRenditions, runMigrations, schema } from '@party/db';
import { startEmbeddedPostgres } from '@party/dev-services/postgres';
import { startJobQueue } from '@party/jobs';
import { uploadFile } from '@party/storage';
import { seedMusicSet, seedTrack, seedUser, useS3Emulator } from '@party/testing';
import { startServerProcess } from '@party/testing/server-process';
import { eq, inArray } from 'drizzle-orm';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { writeToneFlac } from './tone-flac';

/**
 * PostgreSQL restarted while jobs run. The shared test database server cannot be restarted under
 * the other test files, so this file starts a PostgreSQL server of its own.
 */
const work = await mkdtemp(path.join(tmpdir(), 'party-db-faults-'));
await chmod(work, 0o755);
const pgDir = path.join(work, 'pg');
let postgres = await startEmbeddedPostgres({ dataDir: pgDir });
const port = postgres.port;
{
  const admin = createDatabase(postgres.url, { max: 1 });
  await admin.sql`CREATE DATABASE party`;
  await admin.close();
}
const databaseUrl = postgres.urlFor('party');
const database = createDatabase(databaseUrl, { max: 3 });
await runMigrations(database);
const db = database.db;
const s3 = await useS3Emulator();
const jobs = await startJobQueue({ databaseUrl, log: { warn: () => {}, error: () => {} } });
const workers: Array<Awaited<ReturnType<typeof startServerProcess>>> = [];
afterAll(async () => {
  for (const worker of workers) await worker.stop();
  await jobs.stop(5_000).catch(() => {});
  await database.close().catch(() => {});
  await postgres.stop();
  await rm(work, { recursive: true, force: true });
});

describe('PostgreSQL restarted while jobs run', () => {
  it('the worker survives, the jobs finish once it is back, and no rendition is stored twice', {
    timeout: 420_000,
  }, async () => {
    const admin = await seedUser(db, { role: 'admin' });
    const set = await seedMusicSet(db, { createdBy: admin.id });
    const file = await writeToneFlac(path.join(work, 'restart.flac'), 600);
    const trackIds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const originalKey = `originals/${randomUUID()}`;
      const { bytes } = await uploadFile(s3.client, s3.bucket, originalKey, file, 'audio/flac');
      const track = await seedTrack(db, {
        setId: set.id,
        position: i + 1,
        status: 'processing',
        progress: 0,
        originalKey,
        originalName: `restart-${i}.flac`,
        bytes,
        container: null,
        codec: null,
        lossless: null,
        durationSeconds: null,
        sampleRate: null,
        bitDepth: null,
        channels: null,
        peaksKey: null,
        peaksDetailKey: null,
        createdBy: admin.id,
      });
      trackIds.push(track.id);
    }
    const worker = await startServerProcess({
      inherit: process.env,
      dataDir: work,
      s3: s3.config,
      env: { ROLE: 'worker', DATABASE_URL: databaseUrl },
      readyWhen: 'worker',
    });
    workers.push(worker);
    for (const trackId of trackIds) await jobs.queue.send('process-track', { trackId });

    // Restart PostgreSQL as soon as the first track is encoding.
    await vi.waitFor(
      async () => {
        const rows = await db.select().from(schema.tracks).where(inArray(schema.tracks.id, trackIds));
        expect(rows.some((row) => row.stage === 'encoding')).toBe(true);
      },
      { timeout: 120_000, interval: 200 },
    );
    await postgres.stop();
    await sleep(5_000);
    postgres = await startEmbeddedPostgres({ dataDir: pgDir, port });

    const done = await vi.waitFor(
      async () => {
        const rows = await db.select().from(schema.tracks).where(inArray(schema.tracks.id, trackIds));
        expect(rows.map((row) => row.status)).toEqual(['ready', 'ready', 'ready']);
        return rows;
      },
      { timeout: 300_000, interval: 1_000 },
    );
    expect(() => process.kill(worker.pid, 0)).not.toThrow();
    for (const track of done) expect(track.durationSeconds).toBeCloseTo(600, 0);
    const renditions = await listRenditions(db, trackIds);
    const perTrackTier = renditions.map((r) => `${r.trackId}/${r.tier}`);
    expect(new Set(perTrackTier).size).toBe(perTrackTier.length);
    for (const trackId of trackIds) {
      const [row] = await db.select().from(schema.tracks).where(eq(schema.tracks.id, trackId));
      expect(row?.failureReason ?? null).toBeNull();
    }
  });
});
