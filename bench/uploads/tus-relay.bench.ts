/**
 * The tus upload relay against its floor: BENCH_UPLOAD_MB MiB of audio uploaded through the real
 * server (`/files`, one streaming PATCH, relayed to S3 as 8 MiB multipart parts) compared with a
 * direct multipart upload of the same bytes to the same S3 emulator bucket (8 MiB parts, 4 in
 * flight, as the tus S3 store does) in the same run. Meanwhile the server's RSS is sampled every
 * 100 ms: the relay must stay flat whatever the file size (goal: under 250 MB).
 *
 *   node --import tsx bench/uploads/tus-relay.bench.ts      # BENCH_UPLOAD_MB=2048 BENCH_RUNS=1
 *
 * The server runs as a child process exactly as `npm start` runs it (`node --import tsx
 * src/main.ts`, embedded PostgreSQL, ROLE=api so no worker competes), pointed at an S3 emulator
 * started in this process. MB here are MiB (2^20 bytes), both for sizes and for RSS.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createS3Client } from '../../packages/storage/src/s3-client';
import { type RunningS3Emulator, startS3Emulator } from '../../packages/storage/src/s3-emulator';

// bench/ is no workspace package: take the AWS SDK from where the storage package resolves it.
const storageRequire = createRequire(new URL('../../packages/storage/package.json', import.meta.url));
const {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  HeadObjectCommand,
  UploadPartCommand,
}: typeof import('../../packages/storage/node_modules/@aws-sdk/client-s3') =
  storageRequire('@aws-sdk/client-s3');

const MiB = 1024 * 1024;
const CHUNK = MiB;
// The tus S3 store's part size and concurrency (apps/server/src/uploads/tus-server.ts).
const PART_SIZE = 8 * MiB;
const PARTS_IN_FLIGHT = 4;
const SAMPLE_MS = 100;
const RSS_GOAL_MB = 250;
const DEMO_PASSWORD = 'bench-password-1';
const BUCKET = 'bench-uploads';

// biome-ignore lint/suspicious/noUndeclaredEnvVars: benchmarks are run by hand or a script, not turbo
const uploadMbSetting = process.env.BENCH_UPLOAD_MB ?? '2048';
// biome-ignore lint/suspicious/noUndeclaredEnvVars: as above
const runsSetting = process.env.BENCH_RUNS ?? '1';
const uploadMb = Number(uploadMbSetting);
const runs = Number(runsSetting);
if (!Number.isInteger(uploadMb) || uploadMb < 1)
  throw new Error(`BENCH_UPLOAD_MB must be a positive integer, got ${uploadMbSetting}`);
if (!Number.isInteger(runs) || runs < 1)
  throw new Error(`BENCH_RUNS must be a positive integer, got ${runsSetting}`);
const bytes = uploadMb * MiB;
const sizeLabel = uploadMb % 1024 === 0 ? `${uploadMb / 1024} GiB` : `${uploadMb} MiB`;

const root = fileURLToPath(new URL('../..', import.meta.url));
const resultsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'results');

/** Chunk `index` (1 MiB) of the upload: deterministic xorshift bytes, as in large-upload.int.test.ts. */
function chunk(index: number): Buffer {
  const words = new Uint32Array(CHUNK / 4);
  let x = (index + 1) * 2654435761;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  return Buffer.from(words.buffer);
}

/** Bytes [start, end) of the upload, built from the same chunks. */
function slice(start: number, end: number): Buffer {
  const parts: Buffer[] = [];
  for (let index = Math.floor(start / CHUNK); index * CHUNK < end; index++) parts.push(chunk(index));
  const first = Math.floor(start / CHUNK) * CHUNK;
  return Buffer.concat(parts).subarray(start - first, end - first);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

/** VmRSS and VmHWM (peak since start or since the last reset) of a process, in MiB. */
function memoryOf(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rss: kib('VmRSS') / 1024, hwm: kib('VmHWM') / 1024 };
}

/** Resets the kernel's peak-RSS counter (VmHWM) of a process; false where that is not allowed. */
function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Bytes in the files of a directory (the server's temp dir: where the tus store buffers parts). */
function dirUsage(dir: string): { files: number; bytes: number } {
  let files = 0;
  let total = 0;
  for (const name of readdirSync(dir)) {
    try {
      total += statSync(join(dir, name)).size;
      files += 1;
    } catch {
      // removed meanwhile
    }
  }
  return { files, bytes: total };
}

interface Server {
  child: ChildProcess;
  base: string;
  log: () => string;
}

async function startServer(dataDir: string, tmp: string, s3: RunningS3Emulator): Promise<Server> {
  const port = await freePort();
  let log = '';
  // process.execPath directly (no pnpm or npx wrapper): the child's pid is the process that serves.
  // The same V8 flags as the server's start script.
  const child = spawn(process.execPath, ['--max-semi-space-size=4', '--import', 'tsx', 'src/main.ts'], {
    cwd: join(root, 'apps/server'),
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      DATA_DIR: dataDir,
      DEMO_PASSWORD,
      LOG_LEVEL: 'warn',
      ROLE: 'api',
      S3_ENDPOINT: s3.config.endpoint,
      S3_REGION: s3.config.region,
      S3_BUCKET: s3.config.bucket,
      S3_ACCESS_KEY_ID: s3.config.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.config.secretAccessKey,
      UPLOAD_CONCURRENCY: '10',
      UPLOAD_MAX_AUDIO_MB: '8192',
      // The tus store buffers parts in os.tmpdir(): keep them where this run cleans up (and counts).
      TMPDIR: tmp,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const append = (data: Buffer) => {
    log = (log + data.toString()).slice(-20_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const server = { child, base: `http://localhost:${port}`, log: () => log };

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

/** SIGTERM, then SIGKILL after 20 s; an embedded PostgreSQL orphaned by a kill is stopped too. */
async function stopServer(server: Server, dataDir: string): Promise<void> {
  const { child } = server;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(kill);
  }
  // A clean shutdown removes postmaster.pid; one left behind names a postmaster still running.
  const pidFile = join(dataDir, 'postgres', 'postmaster.pid');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (pid > 0) {
      try {
        process.kill(pid, 'SIGINT'); // fast shutdown
        for (let i = 0; i < 100 && existsSync(pidFile); i++) await sleep(100);
      } catch {
        // already gone
      }
    }
  }
}

async function signIn(base: string): Promise<string> {
  const response = await fetch(`${base}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ email: 'admin@demo.local', password: DEMO_PASSWORD }),
  });
  const cookie = response.headers
    .getSetCookie()
    .map((header) => header.split(';')[0] ?? '')
    .find((pair) => pair.startsWith('better-auth.session_token='));
  if (!response.ok || !cookie) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  return cookie;
}

async function createMusicSet(base: string, cookie: string): Promise<string> {
  const response = await fetch(`${base}/trpc/admin.musicSets.create`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, origin: base },
    body: JSON.stringify({ title: 'Bench', artist: 'Bench' }),
  });
  const body = (await response.json()) as { result?: { data?: { id?: string } } };
  const id = body.result?.data?.id;
  if (!response.ok || !id)
    throw new Error(`creating the music set failed: ${response.status} ${JSON.stringify(body)}`);
  return id;
}

const b64 = (value: string) => Buffer.from(value).toString('base64');

/** One PATCH with every byte, generated chunk by chunk as the socket drains. Resolves with the status. */
function streamingPatch(url: string, cookie: string, onAllSent: () => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'PATCH',
      headers: {
        cookie,
        'tus-resumable': '1.0.0',
        'upload-offset': '0',
        'content-type': 'application/offset+octet-stream',
        'content-length': String(bytes),
      },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    let index = 0;
    const write = () => {
      while (index * CHUNK < bytes) {
        const ok = req.write(chunk(index++));
        if (!ok) {
          req.once('drain', write);
          return;
        }
      }
      req.end(onAllSent);
    };
    write();
  });
}

interface TusRun {
  seconds: number;
  /** From the last byte handed to the socket to the 204: the last parts and CompleteMultipartUpload. */
  tailSeconds: number;
  idleMb: number;
  peakMb: number;
  peakHwmMb: number | null;
  afterMb: number;
  samples: number;
  maxTempFiles: number;
  maxTempMb: number;
  key: string;
}

async function tusUpload(
  server: Server,
  cookie: string,
  setId: string,
  tmp: string,
  s3: ReturnType<typeof createS3Client>,
): Promise<TusRun> {
  const pid = server.child.pid;
  if (!pid) throw new Error('server has no pid');
  // Idle: the median of a second of samples, after a moment of quiet.
  await sleep(2000);
  const idle: number[] = [];
  for (let i = 0; i < 10; i++) {
    idle.push(memoryOf(pid).rss);
    await sleep(SAMPLE_MS);
  }
  const hwmReset = resetPeak(pid);

  const samples: number[] = [];
  let maxTempFiles = 0;
  let maxTempBytes = 0;
  const sample = () => {
    samples.push(memoryOf(pid).rss);
    const usage = dirUsage(tmp);
    maxTempFiles = Math.max(maxTempFiles, usage.files);
    maxTempBytes = Math.max(maxTempBytes, usage.bytes);
  };
  sample();
  const timer = setInterval(sample, SAMPLE_MS);
  let allSentAt = 0;
  const start = performance.now();
  let location: string;
  try {
    const created = await fetch(`${server.base}/files`, {
      method: 'POST',
      headers: {
        cookie,
        'tus-resumable': '1.0.0',
        'upload-length': String(bytes),
        'upload-metadata': [
          `kind ${b64('audio')}`,
          `setId ${b64(setId)}`,
          `filename ${b64('bench.wav')}`,
          `filetype ${b64('audio/wav')}`,
        ].join(','),
      },
    });
    location = created.headers.get('location') ?? '';
    if (created.status !== 201 || !location)
      throw new Error(`tus create failed: ${created.status} ${await created.text()}`);
    const status = await streamingPatch(new URL(location, server.base).href, cookie, () => {
      allSentAt = performance.now();
    });
    if (status !== 204) throw new Error(`tus PATCH answered ${status}:\n${server.log()}`);
  } finally {
    clearInterval(timer);
  }
  const end = performance.now();
  sample();
  const peakHwmMb = hwmReset ? memoryOf(pid).hwm : null;
  await sleep(1000);
  const afterMb = memoryOf(pid).rss;

  const key = `originals/${location.split('/').pop()}`;
  const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
  if (head.ContentLength !== bytes) throw new Error(`${key} holds ${head.ContentLength} bytes, not ${bytes}`);
  return {
    seconds: (end - start) / 1000,
    tailSeconds: allSentAt ? (end - allSentAt) / 1000 : 0,
    idleMb: median(idle),
    peakMb: Math.max(...samples),
    peakHwmMb,
    afterMb,
    samples: samples.length,
    maxTempFiles,
    maxTempMb: maxTempBytes / MiB,
    key,
  };
}

/** The floor: the same bytes straight to the bucket, 8 MiB parts, 4 in flight. Resolves with seconds. */
async function directMultipart(s3: ReturnType<typeof createS3Client>, key: string): Promise<number> {
  const start = performance.now();
  const created = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key }));
  const uploadId = created.UploadId;
  if (!uploadId) throw new Error('CreateMultipartUpload returned no UploadId');
  try {
    const partCount = Math.ceil(bytes / PART_SIZE);
    const etags: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < partCount) {
        const index = next++;
        const body = slice(index * PART_SIZE, Math.min((index + 1) * PART_SIZE, bytes));
        const part = await s3.send(
          new UploadPartCommand({
            Bucket: BUCKET,
            Key: key,
            UploadId: uploadId,
            PartNumber: index + 1,
            Body: body,
            ContentLength: body.length,
          }),
        );
        if (!part.ETag) throw new Error(`part ${index + 1} returned no ETag`);
        etags[index] = part.ETag;
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARTS_IN_FLIGHT, partCount) }, worker));
    await s3.send(
      new CompleteMultipartUploadCommand({
        Bucket: BUCKET,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
      }),
    );
  } catch (error) {
    await s3
      .send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }))
      .catch(() => {});
    throw error;
  }
  const seconds = (performance.now() - start) / 1000;
  const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
  if (head.ContentLength !== bytes) throw new Error(`${key} holds ${head.ContentLength} bytes, not ${bytes}`);
  return seconds;
}

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'tus-relay-bench-'));
  // As root, embedded PostgreSQL runs as the `postgres` user and needs to traverse this directory;
  // otherwise it would put its cluster under /var/tmp, outside what this run deletes.
  await chmod(work, 0o755);
  const dataDir = join(work, 'data');
  const serverTmp = join(work, 'server-tmp');
  await mkdir(dataDir);
  await mkdir(serverTmp);

  let emulator: RunningS3Emulator | undefined;
  let server: Server | undefined;
  let s3: ReturnType<typeof createS3Client> | undefined;
  let cleaning: Promise<void> | undefined;
  const cleanup = () => {
    cleaning ??= (async () => {
      s3?.destroy();
      if (server)
        await stopServer(server, dataDir).catch((error) => console.error('stopping the server:', error));
      await emulator?.stop().catch((error) => console.error('stopping the emulator:', error));
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
    console.log(`tus relay: ${sizeLabel} per upload, ${runs} run(s), ${cpus().length} cores, load ${load}`);
    emulator = await startS3Emulator({ directory: join(work, 's3'), bucket: BUCKET });
    s3 = createS3Client(emulator.config);
    server = await startServer(dataDir, serverTmp, emulator);
    const cookie = await signIn(server.base);
    const setId = await createMusicSet(server.base, cookie);
    console.log(`  server pid ${server.child.pid} ready at ${server.base}; music set ${setId}`);

    const tusRuns: TusRun[] = [];
    const directSeconds: number[] = [];
    for (let run = 0; run < runs; run++) {
      const activeServer = server;
      const client = s3;
      const steps: Array<() => Promise<void>> = [
        async () => {
          const result = await tusUpload(activeServer, cookie, setId, serverTmp, client);
          tusRuns.push(result);
          console.log(
            `  run ${run + 1} tus:    ${result.seconds.toFixed(1)} s (${(uploadMb / result.seconds).toFixed(1)} MB/s, ` +
              `tail ${result.tailSeconds.toFixed(1)} s); RSS idle ${result.idleMb.toFixed(0)} MB, ` +
              `peak ${result.peakMb.toFixed(0)} MB (VmHWM ${result.peakHwmMb?.toFixed(0) ?? 'n/a'}), ` +
              `after ${result.afterMb.toFixed(0)} MB; ${result.samples} samples; ` +
              `temp parts on disk: up to ${result.maxTempFiles} files, ${result.maxTempMb.toFixed(0)} MB`,
          );
          await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: result.key }));
        },
        async () => {
          const key = `bench/direct-${run}`;
          const seconds = await directMultipart(client, key);
          directSeconds.push(seconds);
          console.log(
            `  run ${run + 1} direct: ${seconds.toFixed(1)} s (${(uploadMb / seconds).toFixed(1)} MB/s)`,
          );
          await client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
        },
      ];
      // Alternate the order so that a drift in the machine's load does not always favour one side.
      for (const step of run % 2 ? [...steps].reverse() : steps) await step();
    }

    const tusSeconds = median(tusRuns.map((r) => r.seconds));
    const directMedian = median(directSeconds);
    const value = uploadMb / tusSeconds;
    const baseline = uploadMb / directMedian;
    const peak = median(tusRuns.map((r) => r.peakMb));
    const idle = median(tusRuns.map((r) => r.idleMb));
    const hwms = tusRuns.map((r) => r.peakHwmMb).filter((v): v is number => v !== null);
    const relay = {
      name: 'tus-relay',
      metric: 'tus upload throughput through the server to S3',
      unit: 'MB/s',
      value: round(value),
      baseline: round(baseline),
      ratio: round(value / baseline),
      better: 'higher',
      runs,
      notes:
        `median of ${runs} run(s) of one ${sizeLabel} audio upload (tus POST + one streaming PATCH, timed until ` +
        `the 204, so including the last parts and CompleteMultipartUpload) vs a direct multipart upload of the ` +
        `same bytes to the same local S3 emulator (8 MiB parts, 4 in flight, like the tus S3 store); ` +
        `MB = MiB; ${runs === 1 ? 'one run by default, as each 2 GiB pair takes minutes; ' : ''}` +
        `${cpus().length} cores, load ${load} at start`,
      bytes,
      seconds: { tus: round(tusSeconds), direct: round(directMedian) },
      tailSeconds: round(median(tusRuns.map((r) => r.tailSeconds))),
    };
    const rss = {
      name: 'tus-upload-rss',
      metric: `peak server RSS during a ${sizeLabel} tus upload`,
      unit: 'MB',
      value: round(peak, 1),
      baseline: round(idle, 1),
      ratio: round(peak / idle),
      better: 'lower',
      runs,
      notes:
        `goal: flat, under ${RSS_GOAL_MB} MB. VmRSS of the server process (node src/main.ts, ROLE=api; the ` +
        `embedded PostgreSQL is a separate process, not counted) sampled every ${SAMPLE_MS} ms; baseline: idle ` +
        `RSS just before the upload; MB = MiB`,
      samples: tusRuns.reduce((sum, r) => sum + r.samples, 0),
      peakHwmMB: hwms.length ? round(median(hwms), 1) : null,
      afterMB: round(median(tusRuns.map((r) => r.afterMb)), 1),
      maxTempPartFiles: Math.max(...tusRuns.map((r) => r.maxTempFiles)),
      maxTempPartMB: round(Math.max(...tusRuns.map((r) => r.maxTempMb)), 1),
    };
    await mkdir(resultsDir, { recursive: true });
    await writeFile(join(resultsDir, 'tus-relay.json'), `${JSON.stringify(relay, null, 2)}\n`);
    await writeFile(join(resultsDir, 'tus-upload-rss.json'), `${JSON.stringify(rss, null, 2)}\n`);

    console.log('\n| benchmark | metric | value | baseline | ratio | better |');
    console.log('|---|---|---|---|---|---|');
    for (const r of [relay, rss]) {
      console.log(
        `| ${r.name} | ${r.metric} (${r.unit}) | ${r.value} | ${r.baseline} | ${r.ratio} | ${r.better} |`,
      );
    }
    if (peak > RSS_GOAL_MB)
      console.log(`\npeak RSS ${peak.toFixed(0)} MB is over the ${RSS_GOAL_MB} MB goal`);
  } finally {
    await cleanup();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

await main();
