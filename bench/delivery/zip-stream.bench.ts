/**
 * Streaming ZIP of 200 photo previews (a member's favourites of one event, README: Downloads)
 * through the real server, against the server's own memory just before in the same run: the
 * archive (~50 MiB by default) must pass through with flat memory, costing socket buffers and one
 * chunk, never the archive or a photo in memory. A slow client (BENCH_ZIP_RATE_MIBS) makes the
 * server hold back rather than buffer; the server's RSS is sampled every 100 ms meanwhile.
 *
 *   node --import tsx bench/delivery/zip-stream.bench.ts   # BENCH_ZIP_PHOTOS=200 BENCH_ZIP_KIB=256
 *
 * The server runs as a child process as `npm start` runs it (ROLE=api), against an S3 emulator and
 * an embedded PostgreSQL started here. MiB throughout.
 */
import { execFile } from 'node:child_process';
import { request } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { createDatabase, schema } from '../../packages/db/src/index';
import {
  type RunningPostgres,
  startEmbeddedPostgres,
} from '../../packages/dev-services/src/embedded-postgres';
import { type RunningS3Emulator, startS3Emulator } from '../../packages/dev-services/src/s3-emulator';
import { createS3Client } from '../../packages/storage/src/s3-client';
import {
  SERVER_DIR,
  type ServerProcess,
  startServerProcess,
} from '../../packages/testing/src/server-process';
import { xorshiftBytes } from '../../packages/testing/src/xorshift-bytes';
import { signInApi } from '../../tests/e2e/member-helpers';
import { awsS3 } from '../support/aws-s3';
import { benchNumber, inheritedEnv } from '../support/env';
import { memoryOf, round } from '../support/measure';
import { benchWorkDir, reportResults, withCleanup } from '../support/run';

const { PutObjectCommand } = awsS3;
const MiB = 1024 * 1024;
const SAMPLE_MS = 100;
const BUCKET = 'bench-zip';
const EMAIL = 'bench@bench.local';
const PASSWORD = 'bench-password-1';
const AUTH_SECRET = 'bench-secret-bench-secret-bench-secret-0123';

const photos = benchNumber('BENCH_ZIP_PHOTOS', 200, { integer: true });
const kib = benchNumber('BENCH_ZIP_KIB', 256, { integer: true });
const rateMiBs = benchNumber('BENCH_ZIP_RATE_MIBS', 8);

/** Downloads `url`, reading at about `rate` bytes/s (Infinity: as fast as it comes); resolves the byte count. */
function download(url: string, headers: Record<string, string>, rate: number) {
  return new Promise<{ status: number; bytes: number; length: number }>((resolve, reject) => {
    const req = request(url, { headers, agent: false }, (res) => {
      let bytes = 0;
      res.on('data', (data: Buffer) => {
        bytes += data.length;
        if (Number.isFinite(rate)) {
          res.pause();
          setTimeout(() => res.resume(), (data.length / rate) * 1000);
        }
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, bytes, length: Number(res.headers['content-length']) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Samples a process's RSS while `body` runs; the highest sample. */
async function peakRssDuring(pid: number, body: () => Promise<unknown>): Promise<number> {
  let peak = memoryOf(pid).rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, memoryOf(pid).rss);
  }, SAMPLE_MS);
  try {
    await body();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, memoryOf(pid).rss);
}

async function main(): Promise<void> {
  const { work, dataDir } = await benchWorkDir('zip-bench-');
  let emulator: RunningS3Emulator | undefined;
  let postgres: RunningPostgres | undefined;
  let server: ServerProcess | undefined;
  let s3: ReturnType<typeof createS3Client> | undefined;
  const cleanup = async () => {
    s3?.destroy();
    await server?.stop().catch((error) => console.error('stopping the server:', error));
    await emulator?.stop().catch((error) => console.error('stopping the emulator:', error));
    await postgres?.stop().catch((error) => console.error('stopping PostgreSQL:', error));
    const { rm } = await import('node:fs/promises');
    await rm(work, { recursive: true, force: true });
  };

  await withCleanup(cleanup, async () => {
    console.log(
      `zip-stream: ${photos} previews of ${kib} KiB, client at ${rateMiBs} MiB/s, ${cpus().length} cores, load ${loadavg()[0]?.toFixed(2)}`,
    );
    emulator = await startS3Emulator({ directory: join(work, 's3'), bucket: BUCKET });
    s3 = createS3Client(emulator.config);
    postgres = await startEmbeddedPostgres({ dataDir: join(work, 'pg') });
    server = await startServerProcess({
      inherit: inheritedEnv,
      dataDir,
      s3: emulator.config,
      hostname: '127.0.0.1',
      env: { DATABASE_URL: postgres.url, ROLE: 'api', BETTER_AUTH_SECRET: AUTH_SECRET },
    });
    await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/create-admin.ts',
        '--email',
        EMAIL,
        '--name',
        'Bench',
        '--password',
        PASSWORD,
      ],
      { cwd: SERVER_DIR, env: server.env },
    );
    const cookie = await signInApi(server.url, EMAIL, PASSWORD);

    // Two events: a small warm-up archive (loads every code path) and the measured one.
    const database = createDatabase(postgres.url, { max: 2 });
    const [user] = await database.db.select().from(schema.user);
    const seedEvent = async (slug: string, count: number) => {
      const [event] = await database.db
        .insert(schema.events)
        .values({ title: slug, slug, eventDate: '2026-11-20', createdBy: user?.id ?? '' })
        .returning();
      for (let i = 0; i < count; i++) {
        const [image] = await database.db
          .insert(schema.images)
          .values({
            eventId: event?.id ?? '',
            originalKey: `originals/${crypto.randomUUID()}`,
            originalName: `IMG_${i}.jpg`,
            bytes: kib * 1024,
            status: 'ready',
            visibility: 'members',
          })
          .returning();
        const key = `derived/images/${image?.id}/preview.webp`;
        const body = xorshiftBytes(i + 1, kib * 1024);
        await s3?.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
        await database.db.insert(schema.imageVariants).values({
          imageId: image?.id ?? '',
          variant: 'preview',
          format: 'webp',
          key,
          width: 1600,
          height: 1067,
          bytes: body.length,
        });
        await database.db
          .insert(schema.favourites)
          .values({ userId: user?.id ?? '', imageId: image?.id ?? '' });
      }
      return event?.id ?? '';
    };
    const warmEvent = await seedEvent('warm-up', 10);
    const event = await seedEvent('measured', photos);
    await database.close();

    const { pid } = server;
    const url = (id: string) => `${server?.url}/downloads/events/${id}/favourites.zip`;
    const headers = { cookie };
    const warm = await download(url(warmEvent), headers, Number.POSITIVE_INFINITY);
    if (warm.status !== 200 || warm.bytes !== warm.length) throw new Error(`warm-up ZIP: ${warm.status}`);

    await sleep(2000);
    const baseline = await peakRssDuring(pid, () => sleep(2000));
    let slow = { status: 0, bytes: 0, length: 0 };
    const peakSlow = await peakRssDuring(pid, async () => {
      slow = await download(url(event), headers, rateMiBs * MiB);
    });
    let fast = { status: 0, bytes: 0, length: 0 };
    const peakFast = await peakRssDuring(pid, async () => {
      fast = await download(url(event), headers, Number.POSITIVE_INFINITY);
    });
    for (const got of [slow, fast]) {
      if (got.status !== 200 || got.bytes !== got.length)
        throw new Error(`ZIP: ${got.status}, ${got.bytes}/${got.length} bytes`);
    }
    const peak = Math.max(peakSlow, peakFast);
    await reportResults([
      {
        name: 'zip-stream',
        metric: `server peak RSS while streaming a ZIP of ${photos} previews (baseline: its RSS just before)`,
        unit: 'MiB',
        value: round(peak, 1),
        baseline: round(baseline, 1),
        ratio: round(peak / baseline, 3),
        better: 'lower',
        runs: 2,
        notes:
          `${photos} favourite photos' ${kib} KiB previews from the S3 emulator as /downloads/events/<id>/favourites.zip, ` +
          `once to a client reading ${rateMiBs} MiB/s and once as fast as possible; RSS sampled every ${SAMPLE_MS} ms. ` +
          'Growth far below the archive size means nothing is buffered (flat memory).',
        archive_mib: round(slow.bytes / MiB, 1),
        growth_mib: round(peak - baseline, 1),
        growth_slow_mib: round(peakSlow - baseline, 1),
        growth_fast_mib: round(peakFast - baseline, 1),
        growth_to_archive: round((peak - baseline) / (slow.bytes / MiB), 3),
        cores: cpus().length,
      },
    ]);
  });
}

await main();
