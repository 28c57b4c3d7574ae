import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createMusicSet, findUserByEmail, listRenditions, schema } from '@party/db';
import { startServerProcess } from '@party/testing/server-process';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { useTestApp } from './test-app';
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
afterAll(async () => {
  for (const worker of workers) await worker.stop();
});
async function startWorkerProcess() {
  const worker = await startServerProcess({
    inherit: process.env,
    dataDir: work,
    s3: s3.config,
    env: { ROLE: 'worker', DATABASE_URL: databaseUrl },
    readyWhen: 'worker',
  });
  workers.push(worker);
  return worker;
}

/** Processes whose parent is `pid` and whose command is ffmpeg. */
async function ffmpegChildrenOf(pid: number): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // pid (comm) state ppid …: comm may hold spaces, so split after its closing parenthesis.
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const [, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (comm === 'ffmpeg' && Number(ppid) === pid) found.push(Number(entry));
  }
  return found;
}

/** Alive and not a zombie waiting to be reaped. */
async function running(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  return stat !== '' && state !== 'Z' && state !== 'X';
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
    // 30 minutes of audio: each MP3 tier takes long enough that an orphaned encoder would still run.
    const file = path.join(work, 'long-set.flac');
    await run('ffmpeg', [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      'sine=f=330:d=1800:sample_rate=44100',
      '-ac',
      '1',
      '-sample_fmt',
      's16',
      file,
    ]);
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
        for (const pid of encoders) expect(await running(pid), `ffmpeg ${pid}`).toBe(false);
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
    expect(done.durationSeconds).toBeCloseTo(1800, 0);
    // One rendition per tier, not one per attempt.
    const tiers = (await listRenditions(db, [uploaded.id])).map((r) => r.tier).sort();
    expect(tiers).toEqual([...new Set(tiers)]);
    expect(tiers.length).toBeGreaterThan(0);
  });
});
