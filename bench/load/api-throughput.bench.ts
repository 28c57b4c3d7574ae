/**
 * The API's throughput (issue 12, items 5 and 6), with autocannon against the real server:
 *
 * - `api-throughput.json`: `events.list` (20 events), `images.list` (an event of 200 photos),
 *   `musicSets.byId` and `account.me` as a signed-in member, each for BENCH_API_SECONDS at
 *   BENCH_API_CONNECTIONS (50) connections, each right after `/healthz` of the same server under
 *   the same connections. Figure: the slowest procedure's req/s against `/healthz`'s; every
 *   procedure's req/s, p50 and p99 are in `procedures`. Every answer must be 2xx.
 * - `gallery-list.json`: one `images.list` of a 2,000-photo event (4,000 presigned URLs), unloaded,
 *   median of BENCH_GALLERY_CALLS calls, against a bare SELECT of the same rows (photos joined
 *   with their variants, postgres.js from this process) turned into JSON, measured alternately.
 *
 * Also recorded: the SQL statements per call of each procedure (pg_stat_database's committed
 * transactions over a number of calls; every statement outside a transaction is one).
 *
 *   node --import tsx bench/load/api-throughput.bench.ts
 *   BENCH_CPU_PROF=/tmp/prof node --import tsx bench/load/api-throughput.bench.ts   # server CPU profile
 *
 * The server runs as a child process as `npm start` runs it (ROLE=api), against an S3 emulator and
 * an embedded PostgreSQL started in this process, on the same two cores as autocannon.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import { withImageUrls } from '../../packages/api/src/media/image-urls';
import {
  createDatabase,
  type Database,
  findUserByEmail,
  listVisibleEventImages,
  schema,
} from '../../packages/db/src/index';
import {
  type RunningPostgres,
  startEmbeddedPostgres,
} from '../../packages/dev-services/src/embedded-postgres';
import { type RunningS3Emulator, startS3Emulator } from '../../packages/dev-services/src/s3-emulator';
import { createMediaDelivery, createS3Client, mediaTokenKey } from '../../packages/storage/src/index';
import { seedEvent, seedMusicSet, seedRendition, seedTrack } from '../../packages/testing/src/factories';
import {
  SERVER_DIR,
  type ServerProcess,
  startServerProcess,
} from '../../packages/testing/src/server-process';
import { decodeTrpcAnswer, trpcInput } from '../../packages/testing/src/trpc-wire';
import { signInApi, trpcMutation } from '../../tests/e2e/member-helpers';
import { benchNumber, benchProfileDir, inheritedEnv } from '../support/env';
import { median, round } from '../support/measure';
import { type BenchResult, benchWorkDir, reportResults, withCleanup } from '../support/run';

const BUCKET = 'bench-api';
const AUTH_SECRET = 'bench-secret-bench-secret-bench-secret-0123';
const ADMIN = { email: 'admin@bench.local', password: 'bench-password-1' };
const MEMBER = { email: 'member@bench.local', password: 'bench-password-2' };
const BIG_GALLERY = 2000;
const GALLERY = 200;
const SMALL_EVENTS = 18;
const PHOTOS_PER_SMALL_EVENT = 10;
const WARM_UP_CALLS = 5;
/** This bench's figures on the code before issue 12's items 5 and 6 (e616d68, same machine, 50 connections). */
const BEFORE_API =
  'before (e616d68): events.list 58.7 req/s p99 1328 ms, images.list (200) 58 req/s p99 1345 ms, ' +
  'musicSets.byId 212.3 req/s p99 430 ms, account.me 521.2 req/s p99 187 ms';
const BEFORE_GALLERY = 'before (e616d68): 182.8 ms against 73.9 ms bare';
const QUERY_COUNT_CALLS = 20;

const seconds = benchNumber('BENCH_API_SECONDS', 6);
const connections = benchNumber('BENCH_API_CONNECTIONS', 50, { integer: true });
const galleryCalls = benchNumber('BENCH_GALLERY_CALLS', 15, { integer: true });
const cpuProfileDir = benchProfileDir('BENCH_CPU_PROF');

type BenchSql = ReturnType<typeof createDatabase>['sql'];

interface Target {
  label: string;
  path: string;
}

const trpcGet = (path: string, input: unknown) =>
  `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(trpcInput(input)))}`;

/** Photos straight into the tables (ready, members-visible, with thumb and preview variants). */
async function seedPhotos(db: Database, eventId: string, count: number, day: number) {
  for (let start = 0; start < count; start += 500) {
    const ids = Array.from({ length: Math.min(500, count - start) }, () => randomUUID());
    await db.insert(schema.images).values(
      ids.map((id, i) => ({
        id,
        eventId,
        originalKey: `originals/${randomUUID()}`,
        originalName: `IMG_${String(start + i).padStart(5, '0')}.jpg`,
        mime: 'image/jpeg',
        bytes: 4_000_000,
        width: 1600,
        height: 1067,
        status: 'ready' as const,
        progress: 100,
        visibility: 'members' as const,
        thumbhash: 'HBkSHYSIeHiPiHh8eJd4eTN0EEQG',
        takenAt: new Date(Date.UTC(2026, 9, day, 20, 0, start + i)),
      })),
    );
    await db.insert(schema.imageVariants).values(
      ids.flatMap((id) => [
        {
          imageId: id,
          variant: 'thumb' as const,
          format: 'webp' as const,
          key: `derived/images/${id}/thumb.webp`,
          width: 400,
          height: 267,
          bytes: 30_000,
        },
        {
          imageId: id,
          variant: 'preview' as const,
          format: 'webp' as const,
          key: `derived/images/${id}/preview.webp`,
          width: 1600,
          height: 1067,
          bytes: 300_000,
        },
      ]),
    );
  }
}

async function seed(databaseUrl: string) {
  const database = createDatabase(databaseUrl, { max: 4 });
  try {
    const { db } = database;
    const big = await seedEvent(db, { title: 'Bench Night', eventDate: '2026-12-31' });
    await seedPhotos(db, big.id, BIG_GALLERY, 31);
    const gallery = await seedEvent(db, { title: 'Bench Evening', eventDate: '2026-12-30' });
    await seedPhotos(db, gallery.id, GALLERY, 30);
    for (let e = 0; e < SMALL_EVENTS; e++) {
      const event = await seedEvent(db, { eventDate: `2026-10-${String(e + 1).padStart(2, '0')}` });
      await seedPhotos(db, event.id, PHOTOS_PER_SMALL_EVENT, e + 1);
    }
    const set = await seedMusicSet(db, { title: 'Bench Closing Set', visibility: 'members' });
    const track = await seedTrack(db, { setId: set.id });
    await seedRendition(db, { trackId: track.id, tier: 'medium' });
    await seedRendition(db, { trackId: track.id, tier: 'high' });
    return { bigEventId: big.id, galleryId: gallery.id, setId: set.id };
  } finally {
    await database.close();
  }
}

async function signUpMember(base: string, adminCookie: string): Promise<string> {
  const { token } = await trpcMutation<{ token: string }>(base, adminCookie, 'admin.invites.create', {
    role: 'member',
  });
  const response = await fetch(`${base}/api/auth/sign-up/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: base },
    body: JSON.stringify({ name: 'Bench Member', ...MEMBER, inviteToken: token }),
  });
  if (!response.ok) throw new Error(`sign-up failed: ${response.status} ${await response.text()}`);
  return signInApi(base, MEMBER.email, MEMBER.password);
}

async function call(base: string, headers: Record<string, string>, target: Target) {
  const started = performance.now();
  const response = await fetch(`${base}${target.path}`, { headers });
  const body = await response.text();
  const ms = performance.now() - started;
  if (!response.ok) throw new Error(`${target.label} answered ${response.status}: ${body.slice(0, 300)}`);
  return { ms, body };
}

async function load(base: string, headers: Record<string, string>, target: Target) {
  const result = await autocannon({
    url: `${base}${target.path}`,
    headers,
    connections,
    duration: seconds,
    timeout: 30,
  });
  return {
    requestsPerSecond: round(result.requests.average, 1),
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    failed: result.errors + result.non2xx,
  };
}

/**
 * Statements the server ran per call of `target`: committed transactions (every statement outside a
 * transaction is one) over QUERY_COUNT_CALLS calls, less what the database commits meanwhile when
 * nobody calls (the job queue's polling, our own readings), measured just before.
 */
async function statementsPerCall(
  sql: BenchSql,
  base: string,
  headers: Record<string, string>,
  target: Target,
): Promise<number> {
  const commits = async () => {
    // Backends report their counters at most once a second when idle; wait for them.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    await sql`select pg_stat_clear_snapshot()`;
    const [row] =
      await sql`select xact_commit::int as n from pg_stat_database where datname = current_database()`;
    return { n: Number(row?.n), at: performance.now() };
  };
  const idleStart = await commits();
  const idleEnd = await commits();
  const idlePerMs = (idleEnd.n - idleStart.n) / (idleEnd.at - idleStart.at);
  const before = await commits();
  for (let i = 0; i < QUERY_COUNT_CALLS; i++) await call(base, headers, target);
  const after = await commits();
  const background = idlePerMs * (after.at - before.at);
  return round((after.n - before.n - background) / QUERY_COUNT_CALLS, 1);
}

async function main() {
  const { work, dataDir } = await benchWorkDir('api-bench-');
  let emulator: RunningS3Emulator | undefined;
  let pg: RunningPostgres | undefined;
  let server: ServerProcess | undefined;
  let database: ReturnType<typeof createDatabase> | undefined;
  const cleanup = async () => {
    await database?.close();
    await server?.stop().catch((error) => console.error('stopping the server:', error));
    await emulator?.stop().catch((error) => console.error('stopping the emulator:', error));
    await pg?.stop().catch((error) => console.error('stopping PostgreSQL:', error));
    await rm(work, { recursive: true, force: true });
  };
  await withCleanup(cleanup, async () => {
    const machine = `${cpus().length} cores, load ${loadavg()[0]?.toFixed(2)} at start`;
    console.log(`api: ${connections} connections, ${seconds} s per figure, ${machine}`);
    const s3 = await startS3Emulator({ directory: join(work, 's3'), bucket: BUCKET });
    emulator = s3;
    pg = await startEmbeddedPostgres({ dataDir: join(work, 'pg') });
    server = await startServerProcess({
      inherit: inheritedEnv,
      dataDir,
      s3: s3.config,
      hostname: '127.0.0.1',
      env: {
        DATABASE_URL: pg.url,
        ROLE: 'api',
        BETTER_AUTH_SECRET: AUTH_SECRET,
        DELIVERY_MODE: 'presigned',
        ...(cpuProfileDir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${cpuProfileDir}` } : {}),
      },
    });
    const base = server.url;
    await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'src/cli/create-admin.ts', '--email', ADMIN.email, '--name', 'Bench Admin'].concat([
        '--password',
        ADMIN.password,
      ]),
      { cwd: SERVER_DIR, env: server.env },
    );
    const seeded = await seed(pg.url);
    const cookie = await signUpMember(base, await signInApi(base, ADMIN.email, ADMIN.password));
    const headers = { cookie, origin: base };
    database = createDatabase(pg.url, { max: 2 });
    const { sql } = database;

    // ——— gallery-list: one 2,000-photo images.list against a bare SELECT + JSON of the same rows ———
    const bigList: Target = {
      label: `images.list (${BIG_GALLERY} photos)`,
      path: trpcGet('images.list', { eventId: seeded.bigEventId }),
    };
    const first = decodeTrpcAnswer<unknown[]>(JSON.parse((await call(base, headers, bigList)).body));
    if (first.result?.data.length !== BIG_GALLERY)
      throw new Error(`${bigList.label}: not ${BIG_GALLERY} photos`);
    const bare = async () => {
      const started = performance.now();
      const rows = await sql`
        select i.*, coalesce(json_agg(v.*) filter (where v.image_id is not null), '[]') as variants
        from images i left join image_variants v on v.image_id = i.id
        where i.event_id = ${seeded.bigEventId} and i.status = 'ready'
        group by i.id order by i.taken_at asc nulls last, i.original_name, i.created_at, i.id`;
      const json = JSON.stringify(rows);
      if (rows.length !== BIG_GALLERY || json.length === 0) throw new Error('bare SELECT: wrong rows');
      return performance.now() - started;
    };
    const ours: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < WARM_UP_CALLS; i++) {
      await call(base, headers, bigList);
      await bare();
    }
    for (let i = 0; i < galleryCalls; i++) {
      ours.push((await call(base, headers, bigList)).ms);
      baseline.push(await bare());
    }
    const galleryMs = median(ours);
    const bareMs = median(baseline);
    const bigStatements = await statementsPerCall(sql, base, headers, bigList);

    // Where one 2,000-photo call's server time goes, measured in this process with the same code.
    const member = await findUserByEmail(database.db, MEMBER.email);
    if (!member) throw new Error('the member has no row');
    const delivery = createMediaDelivery({
      mode: 'presigned',
      client: createS3Client(s3.config),
      bucket: BUCKET,
      tokenKey: mediaTokenKey(AUTH_SECRET),
    }).forViewer(member.id);
    const phases = { rowsMs: [] as number[], urlsMs: [] as number[], serialiseMs: [] as number[] };
    for (let i = 0; i < WARM_UP_CALLS + galleryCalls; i++) {
      const t0 = performance.now();
      const found = await listVisibleEventImages(
        database.db,
        { userId: member.id, role: 'member' },
        seeded.bigEventId,
      );
      const t1 = performance.now();
      const listed = await withImageUrls({ db: database.db, delivery }, found);
      const t2 = performance.now();
      JSON.stringify(trpcInput(listed));
      const t3 = performance.now();
      if (i < WARM_UP_CALLS) continue;
      phases.rowsMs.push(t1 - t0);
      phases.urlsMs.push(t2 - t1);
      phases.serialiseMs.push(t3 - t2);
    }
    const breakdown = {
      rowsMs: round(median(phases.rowsMs), 1),
      variantsAndUrlsMs: round(median(phases.urlsMs), 1),
      serialiseMs: round(median(phases.serialiseMs), 1),
    };
    console.log(`  breakdown in-process: ${JSON.stringify(breakdown)}`);
    console.log(
      `  ${bigList.label}: ${galleryMs.toFixed(1)} ms (bare SELECT + JSON ${bareMs.toFixed(1)} ms), ` +
        `${bigStatements} statements per call`,
    );

    // ——— api-throughput ———
    const healthz: Target = { label: '/healthz', path: '/healthz' };
    const procedures: Target[] = [
      { label: 'events.list', path: trpcGet('events.list', undefined) },
      {
        label: `images.list (${GALLERY} photos)`,
        path: trpcGet('images.list', { eventId: seeded.galleryId }),
      },
      { label: 'musicSets.byId', path: trpcGet('musicSets.byId', { id: seeded.setId }) },
      { label: 'account.me', path: trpcGet('account.me', undefined) },
    ];
    const rows = [];
    const failures: string[] = [];
    for (const target of procedures) {
      for (let i = 0; i < WARM_UP_CALLS; i++) await call(base, headers, target);
      const unloaded: number[] = [];
      for (let i = 0; i < 10; i++) unloaded.push((await call(base, headers, target)).ms);
      const statements = await statementsPerCall(sql, base, headers, target);
      const health = await load(base, headers, healthz);
      const run = await load(base, headers, target);
      console.log(
        `  /healthz ${health.requestsPerSecond} req/s p99 ${health.p99} ms; ${target.label} ` +
          `${run.requestsPerSecond} req/s p50 ${run.p50} ms p99 ${run.p99} ms, unloaded ` +
          `${median(unloaded).toFixed(1)} ms, ${statements} statements per call`,
      );
      if (health.failed + run.failed > 0) failures.push(`${target.label}: ${run.failed} failed answers`);
      rows.push({
        procedure: target.label,
        requestsPerSecond: run.requestsPerSecond,
        p50: run.p50,
        p99: run.p99,
        requests: run.requests,
        unloadedMs: round(median(unloaded), 1),
        statementsPerCall: statements,
        healthzRequestsPerSecond: health.requestsPerSecond,
        healthzP99: health.p99,
      });
    }
    const slowest = rows.reduce((a, b) => (b.requestsPerSecond < a.requestsPerSecond ? b : a));
    const results: BenchResult[] = [
      {
        name: 'api-throughput',
        metric: `req/s of the slowest of ${procedures.length} procedures at ${connections} connections`,
        unit: 'req/s',
        value: slowest.requestsPerSecond,
        baseline: slowest.healthzRequestsPerSecond,
        ratio: round(slowest.requestsPerSecond / slowest.healthzRequestsPerSecond, 3),
        better: 'higher',
        runs: 1,
        notes:
          `autocannon, ${connections} connections, ${seconds} s per figure, as a signed-in member (superjson ` +
          `GET ?input=); baseline: /healthz of the same server under the same connections just before each ` +
          `procedure; slowest: ${slowest.procedure}; statements per call from pg_stat_database over ` +
          `${QUERY_COUNT_CALLS} calls; autocannon and PostgreSQL on the same cores; ${machine}; ${BEFORE_API}`,
        procedures: rows,
        connections,
      },
      {
        name: 'gallery-list',
        metric: `server time of one images.list of ${BIG_GALLERY} photos (${BIG_GALLERY * 2} presigned URLs)`,
        unit: 'ms',
        value: round(galleryMs, 1),
        baseline: round(bareMs, 1),
        ratio: round(galleryMs / bareMs, 3),
        better: 'lower',
        runs: galleryCalls,
        notes:
          `median of ${galleryCalls} unloaded calls over loopback HTTP (so an upper bound of server time), after ` +
          `${WARM_UP_CALLS} warm-up calls; baseline: a bare SELECT of the same photos with their variants ` +
          `(json_agg) through postgres.js plus JSON.stringify, alternating with ours; ${bigStatements} ` +
          `statements per call; ${machine}; ${BEFORE_GALLERY}`,
        statementsPerCall: bigStatements,
        breakdown,
      },
    ];
    await reportResults(results);
    if (failures.length > 0) throw new Error(`failed answers under load:\n  ${failures.join('\n  ')}`);
  });
}

await main();
