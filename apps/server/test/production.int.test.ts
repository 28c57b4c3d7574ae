import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { type S3EmulatorProcess, startS3EmulatorProcess } from '@party/dev-services/s3-emulator-process';
import { startSystemPostgres, systemPostgresBin } from '@party/dev-services/system-postgres';
import { writePhotoJpeg } from '@party/media/test-fixtures';
import { createS3Client, UPLOAD_PART_SIZE } from '@party/storage';
import { runServerCli, type ServerProcess, s3Env, startServerProcess } from '@party/testing/server-process';
import { decodeTrpcAnswer, trpcInput } from '@party/testing/trpc-wire';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ffmpegChildrenOf, isRunning, signInOverHttp, tusOffset } from './process-harness';
import { writeToneFlac } from './tone-flac';
import { tusCreate, tusPatch } from './tus-client';

/**
 * Production mode with several processes, the way README "Running it in production" runs it:
 * PostgreSQL from the operating system's packages (Debian's `postgresql`: `initdb`, then `postgres`
 * as a server process of its own on a loopback port), the S3 emulator as a process of its own, and
 * the server with NODE_ENV=production: two API processes (ROLE=api) and two workers (ROLE=worker),
 * all four started at the same moment on an empty database. The test client plays the load
 * balancer: each request goes to the next API process in turn.
 */
const MiB = 1024 * 1024;
const EMAIL = 'ada@example.org';
const PASSWORD = 'production-admin-password';
const PUBLIC_URL = 'https://media.example.org';
const SWEEPS = ['sweep-deletions', 'sweep-expired-uploads', 'sweep-orphans'];
const journal = JSON.parse(
  readFileSync(
    fileURLToPath(new URL('../../../packages/db/drizzle/meta/_journal.json', import.meta.url)),
    'utf8',
  ),
) as { entries: unknown[] };

const available = systemPostgresBin() !== undefined && existsSync('/usr/bin/ffmpeg');

describe.skipIf(!available)(
  'production mode: two API processes and two workers on PostgreSQL from Debian (skipped without the postgresql and ffmpeg packages)',
  () => {
    let work = '';
    let stopPostgres = async () => {};
    let emulator: S3EmulatorProcess | undefined;
    let sql: ReturnType<typeof postgres>;
    let env: Record<string, string> = {};
    const apis: ServerProcess[] = [];
    const workers: ServerProcess[] = [];
    let turn = 0;
    /** The next API process, round robin: what a load balancer without sticky sessions does. */
    const next = () => {
      const api = apis[turn++ % apis.length];
      if (!api) throw new Error('no API process');
      return api.url;
    };
    let cookie = '';
    let killed: { worker: ServerProcess; trackId: string } | undefined;
    // The sweeps' periods are 15 minutes to a day; a minute lets a period pass during this file. A
    // worker sets the real periods when it starts, so this follows every start.
    const sweepEveryMinute = () =>
      sql`update pgboss.schedule set cron = '* * * * *' where name in ${sql(SWEEPS)}`;
    const start = (role: 'api' | 'worker') =>
      startServerProcess({
        inherit: process.env,
        dataDir: work,
        env: { ...env, ROLE: role },
        hostname: '127.0.0.1',
        readyWhen: role === 'api' ? 'http' : 'worker',
      });
    let s3Client: ReturnType<typeof createS3Client>;

    beforeAll(async () => {
      work = await mkdtemp(path.join(tmpdir(), 'party-production-'));
      await chmod(work, 0o755);
      const pg = await startSystemPostgres({ dir: path.join(work, 'pg') });
      stopPostgres = pg.stop;
      const maintenance = postgres(pg.url, { max: 1, onnotice: () => {} });
      await maintenance`CREATE DATABASE party`;
      await maintenance.end();
      const databaseUrl = pg.urlFor('party');
      sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
      emulator = await startS3EmulatorProcess({ directory: path.join(work, 's3'), bucket: 'party-media' });
      s3Client = createS3Client(emulator.config);
      const s3 = emulator.config;

      // The environment file of README "Running it in production", plus proxy delivery, so the media
      // tokens and the shared proxy cache directory are exercised across processes.
      env = {
        NODE_ENV: 'production',
        DATABASE_URL: databaseUrl,
        ...s3Env(s3),
        BETTER_AUTH_SECRET: randomBytes(32).toString('hex'),
        PUBLIC_URL,
        HOST: '127.0.0.1',
        DELIVERY_MODE: 'proxy',
        MEDIA_CACHE_DIR: path.join(work, 'media-cache'),
        // Sets are encoded by the workers here (the worker-kill case needs one encoding); encoding
        // while uploading, in the API process, has its own suite (live-encode.int.test.ts).
        LIVE_ENCODE: 'off',
      };
      // All four at the same moment on the empty database, and the first admin made meanwhile (README:
      // the order does not matter, each of them applies what is missing under a lock).
      const [admin, ...servers] = await Promise.allSettled([
        runServerCli('create-admin', ['--email', EMAIL, '--name', 'Ada Admin'], {
          ...process.env,
          ...env,
          ADMIN_PASSWORD: PASSWORD,
        }),
        start('api'),
        start('api'),
        start('worker'),
        start('worker'),
      ]);
      for (const [index, result] of servers.entries()) {
        if (result.status === 'fulfilled') (index < 2 ? apis : workers).push(result.value);
      }
      for (const result of [admin, ...servers]) if (result.status === 'rejected') throw result.reason;
      expect(admin.status === 'fulfilled' && admin.value).toContain(`Admin ${EMAIL} created`);

      await sweepEveryMinute();
    }, 180_000);

    afterAll(async () => {
      for (const server of [...apis, ...workers]) await server.stop();
      s3Client?.destroy();
      await sql?.end({ timeout: 5 });
      await emulator?.stop();
      await stopPostgres();
      await rm(work, { recursive: true, force: true });
    });

    /** A tRPC mutation over HTTP on the next API process. */
    async function trpc<T>(procedure: string, input: unknown): Promise<T> {
      const response = await fetch(new URL(`/trpc/${procedure}`, next()), {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/json', origin: PUBLIC_URL },
        body: JSON.stringify(trpcInput(input)),
      });
      const answer = decodeTrpcAnswer<T>(await response.json());
      if (!answer.result) throw new Error(`${procedure}: ${response.status} ${answer.error?.message}`);
      return answer.result.data;
    }

    /** A tus upload: created on one API process, each PATCH of `pieceBytes` on the next one. */
    async function upload(bytes: Buffer, fields: Record<string, string>, pieceBytes: number) {
      const created = await tusCreate(next(), cookie, bytes.length, fields);
      expect(created.status).toBe(201);
      const location = created.headers.get('location') ?? '';
      let offset = 0;
      while (offset < bytes.length) {
        const base = next();
        // The offset as this process sees it: what the others wrote must be visible here.
        expect(await tusOffset(base, cookie, location)).toBe(offset);
        const piece = bytes.subarray(offset, offset + pieceBytes);
        const patched = await tusPatch(base, cookie, location, offset, piece);
        expect(patched.status, await patched.text()).toBe(204);
        offset = Number(patched.headers.get('upload-offset'));
      }
      return `originals/${location.split('/').pop()}`;
    }

    const objectBytes = async (key: string) => {
      const object = await s3Client.send(new GetObjectCommand({ Bucket: emulator?.config.bucket, Key: key }));
      return Buffer.from((await object.Body?.transformToByteArray()) ?? []);
    };

    const workerLogs = () => workers.map((worker) => worker.output()).join('\n');
    /** How many times the workers logged that job `id` finished. */
    const finishedRuns = (id: string) =>
      workerLogs()
        .split('\n')
        .filter((line) => line.includes('"msg":"job finished"') && line.includes(`"job":"${id}"`)).length;

    async function waitForStatus(table: 'tracks' | 'images', ids: string[], timeout: number) {
      await vi.waitFor(
        async () => {
          const rows = await sql<
            { status: string }[]
          >`select status from ${sql(table)} where id in ${sql(ids)}`;
          expect(rows.map((row) => row.status)).toEqual(ids.map(() => 'ready'));
        },
        { timeout, interval: 250 },
      );
    }

    it('applies each migration once although four processes and admin:create started on the empty database at the same moment', async () => {
      const [row] = await sql<{ runs: number; distinct: number }[]>`
      select count(*)::int as runs, count(distinct hash)::int as distinct from drizzle.__drizzle_migrations`;
      expect(row).toEqual({ runs: journal.entries.length, distinct: journal.entries.length });
      for (const server of [...apis, ...workers]) expect(await isRunning(server.pid)).toBe(true);
    });

    it('keeps a session made on one API process valid on the other', async () => {
      cookie = await signInOverHttp(next(), EMAIL, PASSWORD, PUBLIC_URL);
      for (const api of apis) {
        const session = await fetch(`${api.url}/api/auth/get-session`, { headers: { cookie } });
        expect(((await session.json()) as { user?: { email: string } }).user?.email).toBe(EMAIL);
      }
    });

    it('shares the sign-in rate limit between the API processes', async () => {
      // SIGN_IN_RATE_LIMIT=5 per client address and minute; the sign-in just above counts too. (No
      // later test signs in: from here this address is refused for a minute.)
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 6; attempt++) {
        const response = await fetch(`${next()}/api/auth/sign-in/email`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: PUBLIC_URL },
          body: JSON.stringify({ email: EMAIL, password: 'wrong-password-guess' }),
        });
        statuses.push(response.status);
      }
      // Per process, alternating requests would reach each process's limit only after ten.
      expect(statuses.slice(0, 4)).toEqual([401, 401, 401, 401]);
      expect(statuses.slice(4)).toEqual([429, 429]);
    });

    it('kills the worker that encodes a set mid-job; a new worker starts, as systemd restarts one', {
      timeout: 180_000,
    }, async () => {
      const set = await trpc<{ id: string }>('admin.musicSets.create', {
        title: 'Power cut',
        artist: 'DJ Prod',
      });
      // Four minutes of tone: small to upload, long enough to encode that the kill lands mid-job.
      const flac = await readFile(await writeToneFlac(path.join(work, 'long.flac'), 240, 1));
      const key = await upload(
        flac,
        { kind: 'audio', setId: set.id, filename: 'long.flac', filetype: 'audio/flac' },
        flac.length,
      );
      const [track] = await sql<{ id: string }[]>`select id from tracks where original_key = ${key}`;
      if (!track) throw new Error('no track row');

      const busy = await vi.waitFor(
        async () => {
          for (const worker of workers) {
            if ((await ffmpegChildrenOf(worker.pid)).length > 0) return worker;
          }
          throw new Error('no worker encodes yet');
        },
        { timeout: 120_000, interval: 100 },
      );
      process.kill(busy.pid, 'SIGKILL');
      await vi.waitFor(async () => expect(await isRunning(busy.pid)).toBe(false));
      const [row] = await sql<{ status: string }[]>`select status from tracks where id = ${track.id}`;
      expect(row?.status).toBe('processing');
      killed = { worker: busy, trackId: track.id };
      // Two workers again for the tests that follow; the killed one's job waits for its heartbeat to
      // be 20 s old and its retry delay meanwhile (the last test of this file looks at it).
      workers.push(await start('worker'));
      await sweepEveryMinute();
    });

    it('uploads a set whose PATCHes alternate between the API processes byte for byte, processes it, and streams it through either process', {
      timeout: 180_000,
    }, async () => {
      const set = await trpc<{ id: string }>('admin.musicSets.create', {
        title: 'Closing',
        artist: 'DJ Prod',
      });
      // Two minutes of stereo noise: about 10 MB, so the upload has full 8 MiB parts and a trailing one.
      const flac = await readFile(await writeToneFlac(path.join(work, 'closing.flac'), 120, 2, 'noise'));
      expect(flac.length).toBeGreaterThan(UPLOAD_PART_SIZE);
      // 3 MiB pieces: most PATCHes end inside a part, which the next process must pick up.
      const key = await upload(
        flac,
        { kind: 'audio', setId: set.id, filename: 'closing.flac', filetype: 'audio/flac' },
        3 * MiB,
      );
      expect((await objectBytes(key)).equals(flac)).toBe(true);

      const [track] = await sql<{ id: string }[]>`select id from tracks where original_key = ${key}`;
      if (!track) throw new Error('no track row');
      await waitForStatus('tracks', [track.id], 120_000);

      const stream = await trpc<{ url: string }>('tracks.streamUrl', { trackId: track.id, tier: 'medium' });
      expect(stream.url).toMatch(/^\/media\//);
      const [medium] = await sql<{ key: string }[]>`
      select key from track_renditions where track_id = ${track.id} and tier = 'medium'`;
      if (!medium) throw new Error('no medium rendition');
      const mp3 = await objectBytes(medium.key);
      // The URL issued by one process plays on each (the token's key comes from BETTER_AUTH_SECRET),
      // with Range; the proxy cache directory is one for both.
      for (const api of apis) {
        const whole = await fetch(`${api.url}${stream.url}`, { headers: { cookie } });
        expect(whole.status).toBe(200);
        expect(Buffer.from(await whole.arrayBuffer()).equals(mp3)).toBe(true);
        const ranged = await fetch(`${api.url}${stream.url}`, {
          headers: { cookie, range: 'bytes=1000-1999' },
        });
        expect(ranged.status).toBe(206);
        expect(Buffer.from(await ranged.arrayBuffer()).equals(mp3.subarray(1000, 2000))).toBe(true);
      }
      // One copy in the shared directory, whichever process wrote it (temp files are renamed into place).
      await vi.waitFor(async () => {
        const entries = await readdir(env.MEDIA_CACHE_DIR ?? '', { recursive: true, withFileTypes: true });
        const files = entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
        expect(files.filter((name) => !name.endsWith('.tmp'))).toHaveLength(1);
        expect(files.filter((name) => name.endsWith('.tmp'))).toHaveLength(0);
      });
    });

    it('runs every job exactly once: photos uploaded through both API processes, processed by two workers', {
      timeout: 180_000,
    }, async () => {
      const event = await trpc<{ id: string }>('admin.events.create', {
        title: 'Opening night',
        slug: 'opening-night',
        eventDate: '2026-12-03',
      });
      const keys: string[] = [];
      for (let index = 0; index < 6; index++) {
        const photo = await readFile(
          await writePhotoJpeg(path.join(work, `photo-${index}.jpg`), 900, 600, index + 1),
        );
        const fields = {
          kind: 'image',
          eventId: event.id,
          filename: `photo-${index}.jpg`,
          filetype: 'image/jpeg',
        };
        keys.push(await upload(photo, fields, Math.ceil(photo.length / 2)));
      }
      const images = await sql<{ id: string }[]>`select id from images where original_key in ${sql(keys)}`;
      expect(images).toHaveLength(keys.length);
      const ids = images.map((image) => image.id);
      await waitForStatus('images', ids, 120_000);

      // An image is `ready` a moment before pg-boss records its job as completed, so the job rows are
      // read again until every job has finished (once, and never retried).
      await vi.waitFor(async () => {
        const jobs = await sql<{ id: string; state: string; retry_count: number }[]>`
        select id, state, retry_count from pgboss.job
        where name = 'process-image' and data->>'imageId' in ${sql(ids)}`;
        expect(jobs).toHaveLength(ids.length);
        for (const job of jobs) {
          expect(finishedRuns(job.id), `job ${job.id}`).toBe(1);
          expect(job).toMatchObject({ state: 'completed', retry_count: 0 });
        }
      }, 30_000);
    });

    it('runs each scheduled sweep once per period, not once per process', { timeout: 120_000 }, async () => {
      // Four processes run pg-boss, each with a cron clock, and a period of a minute has passed. A
      // clock files each occurrence under its minute (the `slot` of its `__pgboss__send-it` job, which
      // a unique index keeps to one per schedule and minute) before it becomes a job of the sweep.
      await vi.waitFor(
        async () => {
          const rows = await sql<
            { name: string }[]
          >`select distinct name from pgboss.job where name in ${sql(SWEEPS)}`;
          expect(new Set(rows.map((row) => row.name))).toEqual(new Set(SWEEPS));
        },
        { timeout: 90_000, interval: 500 },
      );
      for (const name of SWEEPS) {
        const [jobs] = await sql<
          { count: number }[]
        >`select count(*)::int from pgboss.job where name = ${name}`;
        const [periods] = await sql<{ count: number }[]>`
        select count(distinct data->>'slot')::int from pgboss.job
        where name = '__pgboss__send-it' and data->>'name' = ${name}`;
        expect(jobs?.count, name).toBeGreaterThan(0);
        expect(jobs?.count, name).toBe(periods?.count);
      }
    });

    it("finishes the killed worker's job on another worker, once", { timeout: 180_000 }, async () => {
      if (!killed) throw new Error('no worker was killed');
      const { worker: dead, trackId } = killed;
      await waitForStatus('tracks', [trackId], 170_000);
      // The track is `ready` a moment before pg-boss records its job as completed.
      const job = await vi.waitFor(async () => {
        const [row] = await sql<{ id: string; state: string; retry_count: number }[]>`
        select id, state, retry_count from pgboss.job where name = 'process-track' and data->>'trackId' = ${trackId}`;
        expect(row?.state).toBe('completed');
        return row;
      }, 30_000);
      expect(job?.retry_count).toBeGreaterThanOrEqual(1);
      await vi.waitFor(() => expect(finishedRuns(job?.id ?? '')).toBe(1), 10_000);
      expect(dead.output()).not.toContain(`"job":"${job?.id}"`);
      const tiers = await sql<
        { tier: string }[]
      >`select tier from track_renditions where track_id = ${trackId}`;
      expect(tiers.map((tier) => tier.tier).sort()).toEqual(['high', 'medium']);
    });
  },
);
