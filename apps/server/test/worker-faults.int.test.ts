import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, statfs, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createEvent, createMusicSet, findUserByEmail, listRenditions, schema } from '@party/db';
import { photoLikePixels } from '@party/media/test-fixtures';
import { startServerProcess } from '@party/testing/server-process';
import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ffmpegChildrenOf, isRunning } from './process-harness';
import { useTestApp } from './test-app';
import { writeToneFlac } from './tone-flac';
import { tusUpload } from './tus-client';

/**
 * Faults with real processes: the worker runs as a child process (ROLE=worker, exactly as
 * `npm start` runs it) on this file's database and S3 emulator, and is killed the hard way.
 */
const run = promisify(execFile);
const { db, s3, url: databaseUrl, signIn, listen } = await useTestApp();
const base = await listen();
const admin = await findUserByEmail(db, 'admin@demo.local');
if (!admin) throw new Error('demo admin missing');
const work = await mkdtemp(path.join(tmpdir(), 'party-faults-'));
// Readable by the `postgres` user, should the worker ever start an embedded PostgreSQL here.
await chmod(work, 0o755);
afterAll(() => rm(work, { recursive: true, force: true }));

let cookie = '';
beforeAll(async () => {
  cookie = await signIn('admin@demo.local');
});

const workers: Array<Awaited<ReturnType<typeof startServerProcess>>> = [];
const stopWorkers = async () => {
  for (const worker of workers.splice(0)) await worker.stop();
};
// After each test, not each file: a worker left running polls the same queues and would take the
// next test's jobs (it once took the full-temp-directory test's photo and processed it on /tmp).
afterEach(stopWorkers);
async function startWorkerProcess(env: Record<string, string> = {}) {
  const worker = await startServerProcess({
    inherit: process.env,
    dataDir: work,
    s3: s3.config,
    env: { ROLE: 'worker', DATABASE_URL: databaseUrl, ...env },
    readyWhen: 'worker',
  });
  workers.push(worker);
  return worker;
}

async function trackRow(id: string) {
  const [track] = await db.select().from(schema.tracks).where(eq(schema.tracks.id, id));
  if (!track) throw new Error(`no track ${id}`);
  return track;
}

describe('a worker process killed mid-encode', () => {
  it('takes its ffmpeg processes with it, and a new worker finishes the track (heartbeat, not expiry)', {
    timeout: 420_000,
  }, async () => {
    // 10 minutes of audio: each MP3 tier takes seconds, so an orphaned encoder would still run
    // when the check below looks (100 ms after the kill).
    const file = await writeToneFlac(path.join(work, 'long-set.flac'), 600, 1);
    const set = await createMusicSet(db, { title: 'Power cut', artist: 'DJ Fault', createdBy: admin.id });
    const first = await startWorkerProcess();
    const key = await tusUpload(base, cookie, await readFile(file), {
      kind: 'audio',
      setId: set.id,
      filename: 'long-set.flac',
      filetype: 'audio/flac',
    });
    const [uploaded] = await db.select().from(schema.tracks).where(eq(schema.tracks.originalKey, key));
    if (!uploaded) throw new Error('no track row');

    const encoders = await vi.waitFor(
      async () => {
        const pids = await ffmpegChildrenOf(first.pid);
        expect((await trackRow(uploaded.id)).stage).toBe('encoding');
        expect(pids.length).toBeGreaterThan(0);
        return pids;
      },
      { timeout: 120_000, interval: 100 },
    );
    process.kill(first.pid, 'SIGKILL');
    await vi.waitFor(
      async () => {
        for (const pid of encoders) expect(await isRunning(pid), `ffmpeg ${pid}`).toBe(false);
      },
      { timeout: 5_000, interval: 100 },
    );
    expect((await trackRow(uploaded.id)).status).toBe('processing');

    // Its job's heartbeat stops; supervision retries it long before its 3-hour expiry.
    await startWorkerProcess();
    const done = await vi.waitFor(
      async () => {
        const track = await trackRow(uploaded.id);
        expect(track.status).toBe('ready');
        return track;
      },
      { timeout: 300_000, interval: 500 },
    );
    expect(done.durationSeconds).toBeCloseTo(600, 0);
    // One rendition per tier, not one per attempt.
    const tiers = (await listRenditions(db, [uploaded.id])).map((r) => r.tier).sort();
    expect(tiers).toEqual([...new Set(tiers)]);
    expect(tiers.length).toBeGreaterThan(0);
  });
});

/** A 64 MiB tmpfs for the worker's temporary files (root only), unmounted after the tests. */
async function smallTmpfs(): Promise<string | undefined> {
  const mountPoint = path.join(work, 'small-tmp');
  await mkdir(mountPoint);
  try {
    await run('mount', ['-t', 'tmpfs', '-o', 'size=64m,mode=1777', 'tmpfs', mountPoint]);
  } catch {
    return undefined;
  }
  afterAll(() => run('umount', ['-l', mountPoint]));
  return mountPoint;
}
const tinyTmp = await smallTmpfs();

/** Bytes an unprivileged writer can still put on the filesystem holding `dir`. */
async function freeBytes(dir: string): Promise<number> {
  const { bavail, bsize } = await statfs(dir);
  return bavail * bsize;
}

/** What the database says about an image and its jobs, for a failure message. */
async function imageJobState(imageId: string): Promise<string> {
  const [row] = await db.select().from(schema.images).where(eq(schema.images.id, imageId));
  const jobs = await db.execute(
    sql`select state, retry_count, output from pgboss.job where name = 'process-image' and data->>'imageId' = ${imageId}`,
  );
  return `image ${row?.status} (${row?.failureReason ?? 'no reason'}), jobs ${JSON.stringify(jobs)}`;
}

describe.skipIf(tinyTmp === undefined)('a full temp directory (needs root to mount a tmpfs)', () => {
  it('fails the job over to a retry with a sentence, keeps the worker up, and the retry finishes once space is back', {
    timeout: 300_000,
  }, async () => {
    const tmp = tinyTmp ?? '';
    // The only worker: any other would race this one for the job and process it on a roomy disk.
    expect(workers).toHaveLength(0);
    const worker = await startWorkerProcess({ TMPDIR: tmp });
    // Fill the filesystem but for 1 MiB, after the worker started (tsx keeps its transform cache there
    // too; it writes that cache fire-and-forget, so a full disk costs it nothing).
    const filler = path.join(tmp, 'filler');
    await writeFile(filler, Buffer.alloc(Math.max(0, (await freeBytes(tmp)) - 1024 * 1024)));

    // An uncompressed 18 MB PNG: its download alone overflows what is left.
    const png = await (await photoLikePixels(2500, 2500, 5)).png({ compressionLevel: 0 }).toBuffer();
    expect(await freeBytes(tmp)).toBeLessThan(png.length / 4);
    const event = await createEvent(db, {
      title: 'Full',
      slug: 'full-disk',
      eventDate: '2026-12-02',
      createdBy: admin.id,
    });
    const key = await tusUpload(base, cookie, png, {
      kind: 'image',
      eventId: event.id,
      filename: 'noise.png',
      filetype: 'image/png',
    });
    const [image] = await db.select().from(schema.images).where(eq(schema.images.originalKey, key));
    if (!image) throw new Error('no image row');

    // pg-boss polls every 2 s; a minute is far past that even on a loaded machine.
    await vi
      .waitFor(() => expect(worker.output()).toContain("The worker's disk is full"), {
        timeout: 60_000,
        interval: 250,
      })
      .catch(async (error: Error) => {
        throw new Error(
          `${error.message}\n${await imageJobState(image.id)}\nworker log:\n${worker.output()}`,
        );
      });
    expect(worker.output()).toContain(`no space left to write ${tmp}/party-image-`);
    expect(() => process.kill(worker.pid, 0)).not.toThrow();
    const [waiting] = await db.select().from(schema.images).where(eq(schema.images.id, image.id));
    expect(waiting?.status).toBe('processing');

    await rm(filler);
    // The first retry starts 15 s (with jitter, backoff) after the failure.
    await vi
      .waitFor(
        async () => {
          const [row] = await db.select().from(schema.images).where(eq(schema.images.id, image.id));
          expect(row?.status).toBe('ready');
        },
        { timeout: 120_000, interval: 500 },
      )
      .catch(async (error: Error) => {
        throw new Error(
          `${error.message}\n${await imageJobState(image.id)}\nworker log:\n${worker.output()}`,
        );
      });
  });
});
