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
import { readdirSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { request } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type RunningS3Emulator, startS3Emulator } from '../../packages/dev-services/src/s3-emulator';
import { createS3Client, UPLOAD_PART_SIZE } from '../../packages/storage/src/s3-client';
import { type ServerProcess, startServerProcess } from '../../packages/testing/src/server-process';
import { xorshiftBytes } from '../../packages/testing/src/xorshift-bytes';
import { signInApi, trpcMutation } from '../../tests/e2e/member-helpers';
import { awsS3 } from '../support/aws-s3';
import { benchNumber, inheritedEnv } from '../support/env';
import { median, memoryOf, resetPeak, round } from '../support/measure';
import { benchWorkDir, reportResults, withCleanup } from '../support/run';

const {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  HeadObjectCommand,
  UploadPartCommand,
} = awsS3;

const MiB = 1024 * 1024;
const CHUNK = MiB;
// The tus S3 store's part size and concurrency (apps/server/src/uploads/tus-server.ts).
const PART_SIZE = UPLOAD_PART_SIZE;
const PARTS_IN_FLIGHT = 4;
const SAMPLE_MS = 100;
const RSS_GOAL_MB = 250;
const DEMO_PASSWORD = 'bench-password-1';
const BUCKET = 'bench-uploads';

const uploadMb = benchNumber('BENCH_UPLOAD_MB', 2048, { integer: true });
const runs = benchNumber('BENCH_RUNS', 1, { integer: true });
const bytes = uploadMb * MiB;
const sizeLabel = uploadMb % 1024 === 0 ? `${uploadMb / 1024} GiB` : `${uploadMb} MiB`;

/** Chunk `index` (1 MiB) of the upload: deterministic bytes, the same as in large-upload.int.test.ts. */
const chunk = (index: number) => xorshiftBytes(index + 1, CHUNK);

/** Bytes [start, end) of the upload, built from the same chunks. */
function slice(start: number, end: number): Buffer {
  const parts: Buffer[] = [];
  for (let index = Math.floor(start / CHUNK); index * CHUNK < end; index++) parts.push(chunk(index));
  const first = Math.floor(start / CHUNK) * CHUNK;
  return Buffer.concat(parts).subarray(start - first, end - first);
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
  server: ServerProcess,
  cookie: string,
  setId: string,
  tmp: string,
  s3: ReturnType<typeof createS3Client>,
): Promise<TusRun> {
  const { pid } = server;
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
    const created = await fetch(`${server.url}/files`, {
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
    const status = await streamingPatch(new URL(location, server.url).href, cookie, () => {
      allSentAt = performance.now();
    });
    if (status !== 204) throw new Error(`tus PATCH answered ${status}:\n${server.output()}`);
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

/** The floor: the same bytes straight to the bucket, in the tus store's parts, 4 in flight. Resolves with seconds. */
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
  const { work, dataDir, serverTmp } = await benchWorkDir('tus-relay-bench-');

  let emulator: RunningS3Emulator | undefined;
  let server: ServerProcess | undefined;
  let s3: ReturnType<typeof createS3Client> | undefined;
  const cleanup = async () => {
    s3?.destroy();
    await server?.stop().catch((error) => console.error('stopping the server:', error));
    await emulator?.stop().catch((error) => console.error('stopping the emulator:', error));
    await rm(work, { recursive: true, force: true });
  };

  await withCleanup(cleanup, async () => {
    const load = loadavg()[0]?.toFixed(2);
    console.log(`tus relay: ${sizeLabel} per upload, ${runs} run(s), ${cpus().length} cores, load ${load}`);
    emulator = await startS3Emulator({ directory: join(work, 's3'), bucket: BUCKET });
    s3 = createS3Client(emulator.config);
    server = await startServerProcess({
      inherit: inheritedEnv,
      dataDir,
      s3: emulator.config,
      env: {
        DEMO_PASSWORD,
        ROLE: 'api',
        UPLOAD_CONCURRENCY: '10',
        UPLOAD_MAX_AUDIO_MB: '8192',
        // The tus store buffers parts in os.tmpdir(): keep them where this run cleans up (and counts).
        TMPDIR: serverTmp,
      },
    });
    const cookie = await signInApi(server.url, 'admin@demo.local', DEMO_PASSWORD);
    const { id: setId } = await trpcMutation<{ id: string }>(server.url, cookie, 'admin.musicSets.create', {
      title: 'Bench',
      artist: 'Bench',
    });
    console.log(`  server pid ${server.pid} ready at ${server.url}; music set ${setId}`);

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
      better: 'higher' as const,
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
      better: 'lower' as const,
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
    await reportResults([relay, rss]);
    if (peak > RSS_GOAL_MB)
      console.log(`\npeak RSS ${peak.toFixed(0)} MB is over the ${RSS_GOAL_MB} MB goal`);
  });
}

await main();
