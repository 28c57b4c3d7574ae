/**
 * The worker's memory on hostile inputs: the hostile corpus (packages/media/test/hostile-corpus.ts,
 * the same cases as apps/server/test/hostile-inputs.int.test.ts) uploaded through a real server
 * and processed by a real worker process, against a baseline measured in the same run: the same
 * worker setup processing as many ordinary good files of the same kinds (1600×1200 JPEG photos,
 * 20 s stereo FLACs). Decompression bombs and absurd headers must cost no more memory than honest files.
 *
 *   node --import tsx bench/hostile/hostile-corpus.bench.ts
 *
 * Processes as `npm start` runs them: one ROLE=api server (embedded PostgreSQL in its data
 * directory) that takes the uploads, and for each phase a freshly started ROLE=worker process on
 * the same database and S3 emulator that does the work and is measured. MB here are MiB.
 */
import { readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createDatabase } from '../../packages/db/src/client';
import { type RunningS3Emulator, startS3Emulator } from '../../packages/dev-services/src/s3-emulator';
import { goodFile, type HostileKind, hostileCorpus } from '../../packages/media/test/hostile-corpus';
import { type ServerProcess, startServerProcess } from '../../packages/testing/src/server-process';
import { signInApi, trpcMutation } from '../../tests/e2e/member-helpers';
import { inheritedEnv } from '../support/env';
import { memoryOf, resetPeak, round } from '../support/measure';
import { benchWorkDir, reportResults, withCleanup } from '../support/run';

const SAMPLE_MS = 100;
const DEMO_PASSWORD = 'bench-password-1';
const BUCKET = 'bench-hostile';
/** Uploads in flight at once, as a guest's bulk upload would have them. */
const IN_FLIGHT = 4;
const SETTLE_TIMEOUT_MS = 10 * 60 * 1000;

const b64 = (value: string) => Buffer.from(value).toString('base64');

interface Upload {
  kind: HostileKind;
  filename: string;
  bytes: () => Promise<Buffer>;
}

interface Phase {
  /** RSS of the idle worker just before the phase's first upload. */
  idleRssMb: number;
  peakRssMb: number;
  peakHwmMb: number | null;
  seconds: number;
  uploaded: number;
  refused: number;
  statuses: Record<string, number>;
}

/** The port of the embedded PostgreSQL the API server started (line 4 of postmaster.pid). */
function embeddedDatabaseUrl(dataDir: string): string {
  const lines = readFileSync(join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n');
  const port = Number(lines[3]);
  if (!(port > 0)) throw new Error('the API server runs no embedded PostgreSQL');
  return `postgres://postgres:postgres@127.0.0.1:${port}/postgres`;
}

async function main(): Promise<void> {
  const { work, dataDir } = await benchWorkDir('hostile-corpus-bench-');
  const workerDataDir = join(work, 'worker-data');
  await mkdir(workerDataDir);

  let emulator: RunningS3Emulator | undefined;
  let api: ServerProcess | undefined;
  let worker: ServerProcess | undefined;
  const inherit = inheritedEnv;
  let database: ReturnType<typeof createDatabase> | undefined;
  const cleanup = async () => {
    await database?.close().catch(() => {});
    await worker?.stop().catch((error) => console.error('stopping the worker:', error));
    await api?.stop().catch((error) => console.error('stopping the server:', error));
    await emulator?.stop().catch((error) => console.error('stopping the emulator:', error));
    await rm(work, { recursive: true, force: true });
  };

  await withCleanup(cleanup, async () => {
    const load = loadavg()[0]?.toFixed(2);
    const corpus = hostileCorpus();
    console.log(`hostile corpus: ${corpus.length} cases, ${cpus().length} cores, load ${load}`);
    emulator = await startS3Emulator({ directory: join(work, 's3'), bucket: BUCKET });
    api = await startServerProcess({
      inherit: inheritedEnv,
      dataDir,
      s3: emulator.config,
      env: { DEMO_PASSWORD, ROLE: 'api', UPLOAD_CONCURRENCY: '20' },
    });
    const databaseUrl = embeddedDatabaseUrl(dataDir);
    const s3 = emulator.config;
    /**
     * A fresh worker for each phase, started the same way: memory one phase's files left behind
     * (allocator arenas, libvips caches) would otherwise count in the next phase's peak.
     */
    const startWorkerProcess = async () => {
      worker = await startServerProcess({
        inherit,
        dataDir: workerDataDir,
        s3,
        env: { ROLE: 'worker', DATABASE_URL: databaseUrl },
        readyWhen: 'worker',
      });
      return worker;
    };
    database = createDatabase(databaseUrl, { max: 2 });
    const { sql } = database;
    const server = api;
    const cookie = await signInApi(server.url, 'admin@demo.local', DEMO_PASSWORD);
    const { id: eventId } = await trpcMutation<{ id: string }>(server.url, cookie, 'admin.events.create', {
      title: 'Bench',
      slug: 'bench-hostile',
      eventDate: '2026-06-01',
    });
    const { id: setId } = await trpcMutation<{ id: string }>(server.url, cookie, 'admin.musicSets.create', {
      title: 'Bench',
      artist: 'Bench',
    });
    console.log(`  api pid ${server.pid}`);

    /** Uploads through `/files`; resolves with the original's key, or null when the server refused it. */
    async function upload({ kind, filename, bytes }: Upload): Promise<string | null> {
      const body = await bytes();
      const parent = kind === 'image' ? `eventId ${b64(eventId)}` : `setId ${b64(setId)}`;
      const created = await fetch(`${server.url}/files`, {
        method: 'POST',
        headers: {
          cookie,
          'tus-resumable': '1.0.0',
          'upload-length': String(body.length),
          'upload-metadata': `kind ${b64(kind)},${parent},filename ${b64(filename)}`,
        },
      });
      const location = created.headers.get('location');
      if (created.status !== 201 || !location) return null;
      const patched = await fetch(new URL(location, server.url), {
        method: 'PATCH',
        headers: {
          cookie,
          'tus-resumable': '1.0.0',
          'upload-offset': '0',
          'content-type': 'application/offset+octet-stream',
        },
        body: new Uint8Array(body),
      });
      if (patched.status !== 204) return null;
      return `originals/${location.split('/').pop()}`;
    }

    async function statuses(keys: string[]): Promise<string[]> {
      const rows = await sql<Array<{ status: string }>>`
        select status from images where original_key in ${sql(keys)}
        union all
        select status from tracks where original_key in ${sql(keys)}`;
      return rows.map((row) => row.status);
    }

    async function runPhase(label: string, uploads: Upload[]): Promise<Phase> {
      const { pid } = await startWorkerProcess();
      await sleep(2000);
      const idleRssMb = memoryOf(pid).rss;
      const hwmReset = resetPeak(pid);
      let peakRss = memoryOf(pid).rss;
      const timer = setInterval(() => {
        peakRss = Math.max(peakRss, memoryOf(pid).rss);
      }, SAMPLE_MS);
      const start = performance.now();
      const keys: string[] = [];
      let refused = 0;
      try {
        const queue = [...uploads];
        await Promise.all(
          Array.from({ length: IN_FLIGHT }, async () => {
            for (let next = queue.shift(); next; next = queue.shift()) {
              const key = await upload(next);
              if (key) keys.push(key);
              else refused += 1;
            }
          }),
        );
        const deadline = Date.now() + SETTLE_TIMEOUT_MS;
        let found = await statuses(keys);
        while (found.length < keys.length || found.includes('processing')) {
          if (Date.now() > deadline) throw new Error(`${label}: not every file was processed in time`);
          await sleep(250);
          found = await statuses(keys);
        }
        const counts: Record<string, number> = {};
        for (const status of found) counts[status] = (counts[status] ?? 0) + 1;
        const seconds = (performance.now() - start) / 1000;
        const { hwm } = memoryOf(pid);
        peakRss = Math.max(peakRss, memoryOf(pid).rss);
        const phase = {
          idleRssMb,
          peakRssMb: peakRss,
          peakHwmMb: hwmReset ? hwm : null,
          seconds,
          uploaded: keys.length,
          refused,
          statuses: counts,
        };
        console.log(
          `  ${label}: ${keys.length} processed (${JSON.stringify(counts)}), ${refused} refused, ` +
            `${seconds.toFixed(1)} s; worker ${pid} idle ${idleRssMb.toFixed(0)} MB, peak RSS ${peakRss.toFixed(0)} MB` +
            (hwmReset ? ` (VmHWM ${hwm.toFixed(0)} MB)` : ''),
        );
        return phase;
      } finally {
        clearInterval(timer);
        await worker?.stop();
        worker = undefined;
      }
    }

    // The worker sees only what the server accepts: the baseline is as many good files of the same kinds.
    const accepted = corpus.filter((c) => c.expect !== 'refused');
    const good = accepted.map((c, i) => ({ kind: c.kind, ...lazyGood(c.kind, i + 1) }));
    const baseline = await runPhase('good files', good);
    const hostile = await runPhase('hostile corpus', corpus);
    if (hostile.statuses.processing) throw new Error('hostile files left processing');

    const peakOf = (phase: Phase) => phase.peakHwmMb ?? phase.peakRssMb;
    const value = peakOf(hostile);
    const base = peakOf(baseline);
    await reportResults([
      {
        name: 'hostile-corpus-rss',
        metric: `peak worker RSS over the hostile corpus (${corpus.length} cases)`,
        unit: 'MB',
        value: round(value, 1),
        baseline: round(base, 1),
        ratio: round(value / base),
        better: 'lower',
        runs: 1,
        notes:
          `goal: at most the baseline. Peak RSS of a ROLE=worker process (node src/main.ts; its ffmpeg children ` +
          `not counted) over the whole corpus (VmHWM after a reset where the kernel allows it, else VmRSS ` +
          `sampled every ${SAMPLE_MS} ms) vs the same worker setup processing ${good.length} ordinary good files ` +
          `of the same kinds (1600×1200 JPEGs, 20 s stereo FLACs) just before; each phase on a freshly started ` +
          `worker (retained memory of one phase would count in the other); ${IN_FLIGHT} uploads in flight; ` +
          `MB = MiB; ${cpus().length} cores, load ${load} at start`,
        cases: corpus.length,
        sampledPeakRssMB: { hostile: round(hostile.peakRssMb, 1), good: round(baseline.peakRssMb, 1) },
        idleRssMB: { hostile: round(hostile.idleRssMb, 1), good: round(baseline.idleRssMb, 1) },
        seconds: { hostile: round(hostile.seconds, 1), good: round(baseline.seconds, 1) },
        hostileOutcomes: { ...hostile.statuses, refused: hostile.refused },
      },
    ]);
  });
}

/** A good file made only when its upload starts, so the run never holds all of them at once. */
function lazyGood(kind: HostileKind, seed: number): Omit<Upload, 'kind'> {
  const filename = kind === 'image' ? `photo-${seed}.jpg` : `set-${seed}.flac`;
  return { filename, bytes: async () => (await goodFile(kind, seed)).bytes };
}

await main();
