/**
 * The `/media` proxy against its floor: one BENCH_PROXY_MB MiB object fetched through the real
 * server in proxy mode, cold (cache emptied: S3 → disk cache → client) and warm (from the disk
 * cache), each compared with a direct presigned GET of the same object from the same S3 emulator in
 * the same run. Then 50 slow clients stream the (cold) object at once while the server's RSS is
 * sampled every 100 ms: a slow reader must cost socket buffers, never the file in memory.
 *
 *   node --import tsx bench/delivery/proxy.bench.ts   # BENCH_PROXY_MB=1024 BENCH_RUNS=3
 *   BENCH_SLOW_CLIENTS=50 BENCH_SLOW_KIBS=256 BENCH_SLOW_SECONDS=20
 *
 * The server runs as a child process exactly as `npm start` runs it (`node --max-semi-space-size=4
 * --import tsx src/main.ts`, ROLE=api, DELIVERY_MODE=proxy), pointed at an S3 emulator and an
 * embedded PostgreSQL started in this process. MB here are MiB, both for sizes and for RSS.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  freePort,
  type RunningPostgres,
  startEmbeddedPostgres,
} from '../../packages/db/src/embedded-postgres';
import { createDatabase, schema } from '../../packages/db/src/index';
import { presignGet } from '../../packages/storage/src/presign';
import { createS3Client } from '../../packages/storage/src/s3-client';
import { type RunningS3Emulator, startS3Emulator } from '../../packages/storage/src/s3-emulator';

// bench/ is no workspace package: take the AWS SDK from where the storage package resolves it.
const storageRequire = createRequire(new URL('../../packages/storage/package.json', import.meta.url));
const {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  UploadPartCommand,
}: typeof import('../../packages/storage/node_modules/@aws-sdk/client-s3') =
  storageRequire('@aws-sdk/client-s3');

const MiB = 1024 * 1024;
const PART_SIZE = 8 * MiB;
const SAMPLE_MS = 100;
const BUCKET = 'bench-delivery';
const KEY = 'originals/bench-delivery-object';
const PASSWORD = 'bench-password-1';
const EMAIL = 'bench@bench.local';
const AUTH_SECRET = 'bench-secret-bench-secret-bench-secret-0123';

function setting(name: string, fallback: number): number {
  const raw = process.env[name] ?? String(fallback);
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got ${raw}`);
  return value;
}
const sizeMb = setting('BENCH_PROXY_MB', 1024);
const runs = setting('BENCH_RUNS', 3);
const slowClients = setting('BENCH_SLOW_CLIENTS', 50);
const slowKiBs = setting('BENCH_SLOW_KIBS', 256);
const slowSeconds = setting('BENCH_SLOW_SECONDS', 20);
const bytes = sizeMb * MiB;
const sizeLabel = sizeMb % 1024 === 0 ? `${sizeMb / 1024} GiB` : `${sizeMb} MiB`;

const root = fileURLToPath(new URL('../..', import.meta.url));
const resultsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Part `index` (8 MiB) of the object: deterministic xorshift bytes. */
function part(index: number): Buffer {
  const words = new Uint32Array(PART_SIZE / 4);
  let x = (index + 7) * 2654435761;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  return Buffer.from(words.buffer).subarray(0, Math.min(PART_SIZE, bytes - index * PART_SIZE));
}

/** VmRSS and VmHWM of a process, in MiB. */
function memoryOf(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kib('VmRSS') / 1024, hwm: kib('VmHWM') / 1024 };
}

function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

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

interface Server {
  child: ChildProcess;
  base: string;
  log: () => string;
}

function serverEnv(
  port: number,
  dataDir: string,
  cacheDir: string,
  databaseUrl: string,
  s3: RunningS3Emulator,
) {
  return {
    ...process.env,
    NODE_ENV: 'development',
    PORT: String(port),
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'warn',
    ROLE: 'api',
    BETTER_AUTH_SECRET: AUTH_SECRET,
    S3_ENDPOINT: s3.config.endpoint,
    S3_REGION: s3.config.region,
    S3_BUCKET: s3.config.bucket,
    S3_ACCESS_KEY_ID: s3.config.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.config.secretAccessKey,
    DELIVERY_MODE: 'proxy',
    MEDIA_CACHE_DIR: cacheDir,
    MEDIA_CACHE_MAX_MB: String(Math.max(2048, sizeMb * 3)),
  };
}

async function startServer(env: NodeJS.ProcessEnv, port: number): Promise<Server> {
  let log = '';
  const child = spawn(process.execPath, ['--max-semi-space-size=4', '--import', 'tsx', 'src/main.ts'], {
    cwd: join(root, 'apps/server'),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const append = (data: Buffer) => {
    log = (log + data.toString()).slice(-20_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const server = { child, base: `http://127.0.0.1:${port}`, log: () => log };
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited early:\n${log}`);
    try {
      if ((await fetch(`${server.base}/readyz`)).ok) return server;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`server did not become ready in 120 s:\n${log}`);
}

async function stopServer(server: Server): Promise<void> {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(kill);
}

async function signIn(base: string): Promise<string> {
  const response = await fetch(`${base}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email: EMAIL, password: PASSWORD }),
  });
  const cookie = response.headers
    .getSetCookie()
    .map((header) => header.split(';')[0] ?? '')
    .find((pair) => pair.startsWith('better-auth.session_token='));
  if (!response.ok || !cookie) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return cookie;
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
  const work = await mkdtemp(join(tmpdir(), 'proxy-bench-'));
  await chmod(work, 0o755); // embedded PostgreSQL as root runs as `postgres` and must reach its directory
  const dataDir = join(work, 'data');
  const cacheDir = join(work, 'media-cache');
  await mkdir(dataDir);

  let emulator: RunningS3Emulator | undefined;
  let postgres: RunningPostgres | undefined;
  let server: Server | undefined;
  let s3: ReturnType<typeof createS3Client> | undefined;
  let cleaning: Promise<void> | undefined;
  const cleanup = () => {
    cleaning ??= (async () => {
      s3?.destroy();
      if (server) await stopServer(server).catch((error) => console.error('stopping the server:', error));
      await emulator?.stop().catch((error) => console.error('stopping the emulator:', error));
      await postgres?.stop().catch((error) => console.error('stopping PostgreSQL:', error));
      await rm(work, { recursive: true, force: true });
    })();
    return cleaning;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n${signal}: cleaning up`);
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const load = loadavg()[0]?.toFixed(2);
    console.log(`proxy: ${sizeLabel} object, ${runs} run(s), ${cpus().length} cores, load ${load}`);
    emulator = await startS3Emulator({ directory: join(work, 's3'), bucket: BUCKET });
    s3 = createS3Client(emulator.config);
    postgres = await startEmbeddedPostgres({ dataDir: join(work, 'pg') });
    const sourceSha = await uploadObject(s3);

    const port = await freePort();
    const env = serverEnv(port, dataDir, cacheDir, postgres.url, emulator);
    server = await startServer(env, port);
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
      { cwd: join(root, 'apps/server'), env },
    );
    const cookie = await signIn(server.base);
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
    const answer = await fetch(`${server.base}/trpc/tracks.downloadUrl`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, origin: server.base },
      body: JSON.stringify({ trackId: track?.id, kind: 'original' }),
    });
    const path = ((await answer.json()) as { result?: { data?: { url?: string } } }).result?.data?.url;
    if (!path?.startsWith('/media/')) throw new Error(`no proxy URL: ${answer.status}`);
    const proxyUrl = `${server.base}${path}`;
    const headers = { cookie };
    const pid = server.child.pid ?? 0;
    console.log(`  server pid ${pid} ready at ${server.base} (DELIVERY_MODE=proxy)`);

    // Correctness once, outside the timings: both paths give the uploaded bytes.
    const checkDirect = await timedGet((await presignGet(s3, BUCKET, KEY)).url, {}, true);
    const checkProxy = await timedGet(proxyUrl, headers, true);
    if (checkDirect.sha256 !== sourceSha || checkProxy.sha256 !== sourceSha)
      throw new Error('the proxy or the emulator returned other bytes than were uploaded');

    const seconds = { direct: [] as number[], cold: [] as number[], warm: [] as number[] };
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
          const cold = await timedGet(proxyUrl, headers);
          const warm = await timedGet(proxyUrl, headers);
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
      better: 'higher',
      runs,
      notes: notes(what),
      bytes,
      seconds: { proxy: round(median(values)), direct: round(direct) },
    });
    const cold = throughput(
      'proxy-cold',
      'proxied GET throughput, cache miss (S3 → disk cache → client)',
      seconds.cold,
      'cache emptied first: one S3 GET written to the disk cache while the client follows the growing file',
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
      better: 'lower',
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
    await mkdir(resultsDir, { recursive: true });
    await writeFile(join(resultsDir, 'proxy-cold.json'), `${JSON.stringify(cold, null, 2)}\n`);
    await writeFile(join(resultsDir, 'proxy-warm.json'), `${JSON.stringify(warm, null, 2)}\n`);
    await writeFile(join(resultsDir, 'proxy-slow-clients-rss.json'), `${JSON.stringify(rss, null, 2)}\n`);

    console.log('\n| benchmark | metric | value | baseline | ratio | better |');
    console.log('|---|---|---|---|---|---|');
    for (const r of [cold, warm, rss]) {
      console.log(
        `| ${r.name} | ${r.metric} (${r.unit}) | ${r.value} | ${r.baseline} | ${r.ratio} | ${r.better} |`,
      );
    }
  } finally {
    await cleanup();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

await main();
