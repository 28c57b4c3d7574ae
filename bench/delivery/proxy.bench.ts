/**
 * The `/media` proxy against its floor: one BENCH_PROXY_MB MiB object fetched through the real
 * server in proxy mode, cold (cache emptied: S3 → disk cache → client) and warm (from the disk
 * cache), each compared with a direct presigned GET of the same object from the same S3 emulator in
 * the same run. Then 50 slow clients stream the (cold) object at once while the server's RSS is
 * sampled every 100 ms: a slow reader must cost socket buffers, never the file in memory.
 *
 *   node --import tsx bench/delivery/proxy.bench.ts   # BENCH_PROXY_MB=1024 BENCH_RUNS=3
 *   BENCH_SLOW_CLIENTS=50 BENCH_SLOW_KIBS=256 BENCH_SLOW_SECONDS=20
 *   BENCH_CPU_PROF=/tmp/prof   # the server's CPU profile
 *
 * The server runs as a child process exactly as `npm start` runs it (`node --max-semi-space-size=4
 * --import tsx src/main.ts`, ROLE=api, DELIVERY_MODE=proxy), pointed at an S3 emulator and an
 * embedded PostgreSQL started in this process. MB here are MiB, both for sizes and for RSS.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
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
import { presignGet } from '../../packages/storage/src/presign';
import { createS3Client } from '../../packages/storage/src/s3-client';
import {
  SERVER_DIR,
  type ServerProcess,
  startServerProcess,
} from '../../packages/testing/src/server-process';
import { xorshiftBytes } from '../../packages/testing/src/xorshift-bytes';
import { signInApi, trpcMutation } from '../../tests/e2e/member-helpers';
import { awsS3 } from '../support/aws-s3';
import { benchNumber, benchProfileDir, inheritedEnv } from '../support/env';
import { cpuSecondsOf, median, memoryOf, resetPeak, round } from '../support/measure';
import { benchWorkDir, reportResults, withCleanup } from '../support/run';

const { CompleteMultipartUploadCommand, CreateMultipartUploadCommand, UploadPartCommand } = awsS3;

const MiB = 1024 * 1024;
const PART_SIZE = 8 * MiB;
const SAMPLE_MS = 100;
const BUCKET = 'bench-delivery';
const KEY = 'originals/bench-delivery-object';
const PASSWORD = 'bench-password-1';
const EMAIL = 'bench@bench.local';
const AUTH_SECRET = 'bench-secret-bench-secret-bench-secret-0123';

const sizeMb = benchNumber('BENCH_PROXY_MB', 1024);
const runs = benchNumber('BENCH_RUNS', 3, { integer: true });
const slowClients = benchNumber('BENCH_SLOW_CLIENTS', 50, { integer: true });
const slowKiBs = benchNumber('BENCH_SLOW_KIBS', 256);
const slowSeconds = benchNumber('BENCH_SLOW_SECONDS', 20);
const cpuProfileDir = benchProfileDir('BENCH_CPU_PROF');
const bytes = sizeMb * MiB;
const sizeLabel = sizeMb % 1024 === 0 ? `${sizeMb / 1024} GiB` : `${sizeMb} MiB`;

/** Part `index` (8 MiB) of the object: deterministic bytes. */
const part = (index: number) => xorshiftBytes(index + 7, Math.min(PART_SIZE, bytes - index * PART_SIZE));

async function uploadObject(s3: ReturnType<typeof createS3Client>): Promise<string> {
  const hash = createHash('sha256');
  const created = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: KEY }));
  const parts: Array<{ ETag: string; PartNumber: number }> = [];
  for (let index = 0; index * PART_SIZE < bytes; index++) {
    const body = part(index);
    hash.update(body);
    const answer = await s3.send(
      new UploadPartCommand({
        Bucket: BUCKET,
        Key: KEY,
        UploadId: created.UploadId,
        PartNumber: index + 1,
        Body: body,
        ContentLength: body.length,
      }),
    );
    parts.push({ ETag: answer.ETag ?? '', PartNumber: index + 1 });
  }
  await s3.send(
    new CompleteMultipartUploadCommand({
      Bucket: BUCKET,
      Key: KEY,
      UploadId: created.UploadId,
      MultipartUpload: { Parts: parts },
    }),
  );
  return hash.digest('hex');
}

/** A GET read as fast as possible; resolves with seconds and bytes (and a hash if asked). */
function timedGet(url: string, headers: Record<string, string>, hash = false) {
  return new Promise<{ seconds: number; bytes: number; status: number; sha256?: string }>(
    (resolve, reject) => {
      const start = performance.now();
      const req = request(url, { headers, agent: false }, (res) => {
        let received = 0;
        const digest = hash ? createHash('sha256') : undefined;
        res.on('data', (data: Buffer) => {
          received += data.length;
          digest?.update(data);
        });
        res.on('end', () =>
          resolve({
            seconds: (performance.now() - start) / 1000,
            bytes: received,
            status: res.statusCode ?? 0,
            sha256: digest?.digest('hex'),
          }),
        );
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    },
  );
}

/** A client reading at about `rate` bytes/s (pausing the socket between chunks); stop() hangs up. */
function slowClient(url: string, headers: Record<string, string>, rate: number) {
  let received = 0;
  let res: import('node:http').IncomingMessage | undefined;
  const req = request(url, { headers, agent: false }, (response) => {
    res = response;
    response.on('data', (data: Buffer) => {
      received += data.length;
      response.pause();
      setTimeout(() => response.resume(), (data.length / rate) * 1000);
    });
    response.on('error', () => {});
  });
  req.on('error', () => {});
  req.end();
  return {
    received: () => received,
    status: () => res?.statusCode ?? 0,
    stop: () => {
      res?.destroy();
      req.destroy();
    },
  };
}

async function emptyDir(dir: string): Promise<void> {
  for (const name of await readdir(dir).catch(() => []))
    await rm(join(dir, name), { recursive: true, force: true });
}

async function main(): Promise<void> {
  const { work, dataDir } = await benchWorkDir('proxy-bench-');
  const cacheDir = join(work, 'media-cache');

  let emulator: RunningS3Emulator | undefined;
  let postgres: RunningPostgres | undefined;
  let server: ServerProcess | undefined;
  let s3: ReturnType<typeof createS3Client> | undefined;
  const cleanup = async () => {
    s3?.destroy();
    await server?.stop().catch((error) => console.error('stopping the server:', error));
    await emulator?.stop().catch((error) => console.error('stopping the emulator:', error));
    await postgres?.stop().catch((error) => console.error('stopping PostgreSQL:', error));
    await rm(work, { recursive: true, force: true });
  };

  await withCleanup(cleanup, async () => {
    const load = loadavg()[0]?.toFixed(2);
    console.log(`proxy: ${sizeLabel} object, ${runs} run(s), ${cpus().length} cores, load ${load}`);
    emulator = await startS3Emulator({ directory: join(work, 's3'), bucket: BUCKET });
    s3 = createS3Client(emulator.config);
    postgres = await startEmbeddedPostgres({ dataDir: join(work, 'pg') });
    const sourceSha = await uploadObject(s3);

    server = await startServerProcess({
      inherit: inheritedEnv,
      dataDir,
      s3: emulator.config,
      hostname: '127.0.0.1',
      env: {
        DATABASE_URL: postgres.url,
        ROLE: 'api',
        BETTER_AUTH_SECRET: AUTH_SECRET,
        DELIVERY_MODE: 'proxy',
        MEDIA_CACHE_DIR: cacheDir,
        MEDIA_CACHE_MAX_MB: String(Math.max(2048, sizeMb * 3)),
        ...(cpuProfileDir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${cpuProfileDir}` } : {}),
      },
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
    const database = createDatabase(postgres.url, { max: 1 });
    const [user] = await database.db.select().from(schema.user);
    const [set] = await database.db
      .insert(schema.musicSets)
      .values({ title: 'Bench', artist: 'Bench', visibility: 'members', createdBy: user?.id ?? '' })
      .returning();
    const [track] = await database.db
      .insert(schema.tracks)
      .values({
        setId: set?.id ?? '',
        position: 1,
        status: 'ready',
        originalKey: KEY,
        originalName: 'bench.flac',
        container: 'FLAC',
        bytes,
        durationSeconds: 3600,
      })
      .returning();
    await database.close();
    const { url: path } = await trpcMutation<{ url: string }>(server.url, cookie, 'tracks.downloadUrl', {
      trackId: track?.id,
      kind: 'original',
    });
    if (!path.startsWith('/media/')) throw new Error(`no proxy URL: ${path}`);
    const proxyUrl = `${server.url}${path}`;
    const headers = { cookie };
    const { pid } = server;
    console.log(`  server pid ${pid} ready at ${server.url} (DELIVERY_MODE=proxy)`);

    // Correctness once, outside the timings: both paths give the uploaded bytes.
    const checkDirect = await timedGet((await presignGet(s3, BUCKET, KEY)).url, {}, true);
    const checkProxy = await timedGet(proxyUrl, headers, true);
    if (checkDirect.sha256 !== sourceSha || checkProxy.sha256 !== sourceSha)
      throw new Error('the proxy or the emulator returned other bytes than were uploaded');

    const seconds = { direct: [] as number[], cold: [] as number[], warm: [] as number[] };
    // The server's own CPU per GiB on each path: unlike throughput it hardly depends on the load of
    // the shared machine, and it says where a cold GET's time goes (S3 in + disk write vs disk read + out).
    const serverCpu = { cold: [] as number[], warm: [] as number[] };
    const cpuPerGib = (from: number) => ((cpuSecondsOf(pid) - from) * 1024) / sizeMb;
    for (let run = 0; run < runs; run++) {
      const steps: Array<() => Promise<void>> = [
        async () => {
          const client = s3;
          if (!client) return;
          const got = await timedGet((await presignGet(client, BUCKET, KEY)).url, {});
          if (got.bytes !== bytes) throw new Error(`direct GET returned ${got.bytes} bytes`);
          seconds.direct.push(got.seconds);
        },
        async () => {
          await emptyDir(cacheDir); // the server copes with files vanishing under it
          let cpu = cpuSecondsOf(pid);
          const cold = await timedGet(proxyUrl, headers);
          serverCpu.cold.push(cpuPerGib(cpu));
          cpu = cpuSecondsOf(pid);
          const warm = await timedGet(proxyUrl, headers);
          serverCpu.warm.push(cpuPerGib(cpu));
          if (cold.bytes !== bytes || warm.bytes !== bytes)
            throw new Error('the proxy returned a short body');
          seconds.cold.push(cold.seconds);
          seconds.warm.push(warm.seconds);
        },
      ];
      for (const step of run % 2 ? [...steps].reverse() : steps) await step();
      const last = (values: number[]) => (sizeMb / (values.at(-1) ?? 1)).toFixed(0);
      console.log(
        `  run ${run + 1}: direct ${last(seconds.direct)} MB/s, proxy cold ${last(seconds.cold)} MB/s, warm ${last(seconds.warm)} MB/s`,
      );
    }

    // Slow clients on a cold object: one download fills the cache while every client trickles.
    await emptyDir(cacheDir);
    await sleep(2000);
    const idle: number[] = [];
    for (let i = 0; i < 10; i++) {
      idle.push(memoryOf(pid).rss);
      await sleep(SAMPLE_MS);
    }
    const hwmReset = resetPeak(pid);
    const clients = Array.from({ length: slowClients }, () => slowClient(proxyUrl, headers, slowKiBs * 1024));
    const samples: number[] = [];
    const started = Date.now();
    while (Date.now() - started < slowSeconds * 1000) {
      await sleep(SAMPLE_MS);
      samples.push(memoryOf(pid).rss);
    }
    const peakHwm = hwmReset ? memoryOf(pid).hwm : null;
    const streamed = clients.reduce((sum, c) => sum + c.received(), 0);
    const statuses = new Set(clients.map((c) => c.status()));
    for (const client of clients) client.stop();
    await sleep(1000);
    const after = memoryOf(pid).rss;
    const idleMb = median(idle);
    const peakMb = Math.max(...samples);
    console.log(
      `  ${slowClients} slow clients (${slowKiBs} KiB/s each, ${slowSeconds} s): RSS idle ${idleMb.toFixed(0)} MB, ` +
        `peak ${peakMb.toFixed(0)} MB (VmHWM ${peakHwm?.toFixed(0) ?? 'n/a'}), after ${after.toFixed(0)} MB; ` +
        `${(streamed / MiB).toFixed(0)} MB streamed, statuses ${[...statuses].join(',')}`,
    );
    if (statuses.size !== 1 || !statuses.has(200))
      throw new Error(`slow clients got statuses ${[...statuses]}`);

    const direct = median(seconds.direct);
    const notes = (what: string) =>
      `median of ${runs} run(s) of one ${sizeLabel} GET through /media (${what}) vs a direct presigned GET of the ` +
      `same object from the same local S3 emulator in the same run (order alternating); server as a child ` +
      `(node --max-semi-space-size=4, ROLE=api, DELIVERY_MODE=proxy), session and token checked per request; ` +
      `MB = MiB; ${cpus().length} cores, load ${load} at start, ${loadavg()[0]?.toFixed(2)} at the end`;
    const throughput = (name: string, metric: string, values: number[], what: string) => ({
      name,
      metric,
      unit: 'MB/s',
      value: round(sizeMb / median(values)),
      baseline: round(sizeMb / direct),
      ratio: round(direct / median(values)),
      better: 'higher' as const,
      runs,
      notes: notes(what),
      bytes,
      seconds: { proxy: round(median(values)), direct: round(direct) },
    });
    const cold = throughput(
      'proxy-cold',
      'proxied GET throughput, cache miss (S3 → disk cache → client)',
      seconds.cold,
      'cache emptied first: one S3 GET written to the disk cache while the client takes the bytes just received from memory',
    );
    const warm = throughput(
      'proxy-warm',
      'proxied GET throughput, cache hit (disk cache → client)',
      seconds.warm,
      'served from the disk cache after a HEAD to S3 that verifies ETag and size',
    );
    const rss = {
      name: 'proxy-slow-clients-rss',
      metric: `peak server RSS while ${slowClients} slow clients stream a ${sizeLabel} object`,
      unit: 'MB',
      value: round(peakMb, 1),
      baseline: round(idleMb, 1),
      ratio: round(peakMb / idleMb),
      better: 'lower' as const,
      runs: 1,
      notes:
        `${slowClients} clients start together on the cold object (one S3 GET fills the disk cache, all follow it) ` +
        `and each reads about ${slowKiBs} KiB/s for ${slowSeconds} s; VmRSS of the server process sampled every ` +
        `${SAMPLE_MS} ms; baseline: idle RSS just before; MB = MiB`,
      clients: slowClients,
      kibPerSecondEach: slowKiBs,
      seconds: slowSeconds,
      samples: samples.length,
      streamedMB: round(streamed / MiB, 1),
      peakHwmMB: peakHwm === null ? null : round(peakHwm, 1),
      afterMB: round(after, 1),
    };
    const serverCpuSecondsPerGib = {
      cold: round(median(serverCpu.cold)),
      warm: round(median(serverCpu.warm)),
    };
    console.log(
      `  server CPU s/GiB: cold ${serverCpuSecondsPerGib.cold}, warm ${serverCpuSecondsPerGib.warm}`,
    );
    await reportResults([{ ...cold, serverCpuSecondsPerGib }, { ...warm, serverCpuSecondsPerGib }, rss]);
  });
}

await main();
