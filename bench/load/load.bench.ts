/**
 * The server under load (issue 13), with autocannon against the real server:
 *
 * - procedures: 200 connections on `events.list` (20 events), `images.list` (an event with 2,000
 *   photos), `musicSets.byId` and `tracks.streamUrl` (a mutation), as a signed-in member; each run
 *   sends about BENCH_LOAD_SECONDS of one-at-a-time work (from the median of 10 unloaded calls), at
 *   least one request per connection, and waits for every answer. Figure: the procedure's p99 latency against the p99 of `/healthz` (a
 *   trivial route of the same server) under the same 200 connections, measured just before it. Every
 *   request must answer 2xx: one error or non-2xx answer fails the run. The server's RSS is sampled
 *   from /proc every 100 ms.
 * - sign-in storm: 1,000 sign-in attempts with the member's right password from 10 client
 *   addresses (X-Forwarded-For, TRUST_PROXY=true, the default SIGN_IN_RATE_LIMIT of 5 per minute):
 *   each address must get exactly 5 answers that are not 429 and 95 that are. Meanwhile an 11th
 *   address asks `account.me` one request after the other; figure: its p99 during the storm against
 *   its p99 just before.
 *
 *   node --import tsx bench/load/load.bench.ts     # BENCH_LOAD_SECONDS=8 BENCH_CONNECTIONS=200
 *
 * The server runs as a child process exactly as `npm start` runs it (ROLE=api), pointed at an S3
 * emulator and an embedded PostgreSQL started in this process; rows are seeded straight into the
 * database (presigned URLs need no objects). autocannon runs in this process, on the same two cores
 * as the server: the figures are the server's latency as a client next to it sees it.
 */
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import { createDatabase } from '../../packages/db/src/index';
import {
  type RunningPostgres,
  startEmbeddedPostgres,
} from '../../packages/dev-services/src/embedded-postgres';
import { type RunningS3Emulator, startS3Emulator } from '../../packages/dev-services/src/s3-emulator';
import {
  seedEvent,
  seedImage,
  seedMusicSet,
  seedRendition,
  seedTrack,
} from '../../packages/testing/src/factories';
import {
  SERVER_DIR,
  type ServerProcess,
  startServerProcess,
} from '../../packages/testing/src/server-process';
import { decodeTrpcAnswer, trpcInput } from '../../packages/testing/src/trpc-wire';
import { signInApi, trpcMutation } from '../../tests/e2e/member-helpers';
import { benchNumber, inheritedEnv } from '../support/env';
import { median, memoryOf, resetPeak, round } from '../support/measure';
import { type BenchResult, benchWorkDir, reportResults, withCleanup } from '../support/run';

const BUCKET = 'bench-load';
const AUTH_SECRET = 'bench-secret-bench-secret-bench-secret-0123';
const ADMIN = { email: 'admin@bench.local', password: 'bench-password-1' };
const MEMBER = { email: 'member@bench.local', password: 'bench-password-2' };
const PHOTOS = 2000;
const OTHER_EVENTS = 19;
const PHOTOS_PER_OTHER_EVENT = 10;
const SAMPLE_MS = 100;
/** Calls of each route one after the other before the load: warm-up, and the unloaded cost of one call. */
const SEQUENTIAL_CALLS = 10;
/** How long a request may wait for its answer under load before it counts as an error. */
const TIMEOUT_SECONDS = 60;
/** SIGN_IN_RATE_LIMIT's default (README, Configuration): the server is started without it. */
const SIGN_IN_LIMIT = 5;
const STORM_ADDRESSES = 10;
const STORM_ATTEMPTS = 1000;
const STORM_CONNECTIONS_PER_ADDRESS = 10;
const PROBE_ADDRESS = '10.13.0.11';
const PROBE_BASELINE_MS = 3000;

const seconds = benchNumber('BENCH_LOAD_SECONDS', 8);
const connections = benchNumber('BENCH_CONNECTIONS', 200, { integer: true });

// ——— one autocannon run, with the server's RSS sampled alongside ———

interface LoadTarget {
  label: string;
  path: string;
  method: 'GET' | 'POST';
  body?: string;
}

interface LoadRun {
  p50: number;
  p99: number;
  requests: number;
  requestsPerSecond: number;
  errors: number;
  non2xx: number;
  rssPeakMB: number;
}

async function load(
  base: string,
  headers: Record<string, string>,
  target: LoadTarget,
  pid: number,
  amount: number,
): Promise<LoadRun> {
  const hwmReset = resetPeak(pid);
  let rssPeak = memoryOf(pid).rss;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, memoryOf(pid).rss);
  }, SAMPLE_MS);
  try {
    const result = await autocannon({
      url: `${base}${target.path}`,
      method: target.method,
      headers: target.body ? { ...headers, 'content-type': 'application/json' } : headers,
      body: target.body,
      connections,
      // A number of requests, not a duration: the run ends when every answer is in, so no backlog
      // of a slow procedure spills into the next figure.
      amount,
      timeout: TIMEOUT_SECONDS,
    });
    const { hwm } = memoryOf(pid);
    return {
      p50: result.latency.p50,
      p99: result.latency.p99,
      requests: result.requests.total,
      requestsPerSecond: result.requests.average,
      errors: result.errors,
      non2xx: result.non2xx,
      // VmHWM catches a peak between two samples, where the kernel let it be reset.
      rssPeakMB: hwmReset ? Math.max(rssPeak, hwm) : rssPeak,
    };
  } finally {
    clearInterval(sampler);
  }
}

const trpcGet = (path: string, input: unknown) =>
  `/trpc/${path}?input=${encodeURIComponent(JSON.stringify(trpcInput(input)))}`;

/**
 * One call, unloaded: the answer the load will repeat, decoded (so the load asks for real work),
 * and how long it took.
 */
async function timedCall(base: string, headers: Record<string, string>, target: LoadTarget) {
  const started = performance.now();
  const response = await fetch(`${base}${target.path}`, {
    method: target.method,
    headers: target.body ? { ...headers, 'content-type': 'application/json' } : headers,
    body: target.body,
  });
  const answer = decodeTrpcAnswer(await response.json());
  if (!response.ok || !answer.result)
    throw new Error(`${target.label} answered ${response.status}: ${JSON.stringify(answer.error)}`);
  return { data: answer.result.data, ms: performance.now() - started };
}

// ——— the seed ———

interface Seeded {
  bigEventId: string;
  setId: string;
  trackId: string;
}

/** 20 events (one with 2,000 photos, the others with 10), one set with a track: all visible to members. */
async function seed(databaseUrl: string): Promise<Seeded> {
  const database = createDatabase(databaseUrl, { max: 8 });
  try {
    const { db } = database;
    const bigEvent = await seedEvent(db, { title: 'Bench Night', eventDate: '2026-12-31' });
    const photos: Array<{ eventId: string; takenAt: Date }> = [];
    for (let i = 0; i < PHOTOS; i++)
      photos.push({ eventId: bigEvent.id, takenAt: new Date(Date.UTC(2026, 11, 31, 20, 0, i)) });
    for (let e = 0; e < OTHER_EVENTS; e++) {
      const day = String(e + 1).padStart(2, '0');
      const event = await seedEvent(db, { eventDate: `2026-10-${day}` });
      for (let i = 0; i < PHOTOS_PER_OTHER_EVENT; i++)
        photos.push({ eventId: event.id, takenAt: new Date(Date.UTC(2026, 9, e + 1, 22, 0, i)) });
    }
    // Eight at a time, one per pooled connection.
    for (let i = 0; i < photos.length; i += 8)
      await Promise.all(
        photos.slice(i, i + 8).map((photo) => seedImage(db, { ...photo, visibility: 'members' })),
      );
    const set = await seedMusicSet(db, { title: 'Bench Closing Set', visibility: 'members' });
    const track = await seedTrack(db, { setId: set.id });
    await seedRendition(db, { trackId: track.id, tier: 'medium' });
    await seedRendition(db, { trackId: track.id, tier: 'high' });
    return { bigEventId: bigEvent.id, setId: set.id, trackId: track.id };
  } finally {
    await database.close();
  }
}

/** The member signs up with an invite from the admin, as people join (sign-up signs them in). */
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

// ——— the sign-in storm ———

interface StormAddress {
  address: string;
  allowed: number;
  tooMany: number;
  other: number;
  errors: number;
}

/** `account.me` from `address`, one request after the other until `until` resolves (or for `ms`). */
async function probe(
  base: string,
  cookie: string,
  stop: { ms: number } | { until: Promise<unknown> },
): Promise<number[]> {
  const url = `${base}${trpcGet('account.me', undefined)}`;
  const headers = { cookie, origin: base, 'x-forwarded-for': PROBE_ADDRESS };
  const latencies: number[] = [];
  let done = false;
  if ('until' in stop)
    void stop.until.finally(() => {
      done = true;
    });
  const deadline = performance.now() + ('ms' in stop ? stop.ms : Number.POSITIVE_INFINITY);
  while (!done && performance.now() < deadline) {
    const started = performance.now();
    const response = await fetch(url, { headers, signal: AbortSignal.timeout(TIMEOUT_SECONDS * 1000) });
    const answer = decodeTrpcAnswer<{ email: string } | null>(await response.json());
    if (!response.ok || answer.result?.data?.email !== MEMBER.email)
      throw new Error(`account.me from ${PROBE_ADDRESS} answered ${response.status} without the member`);
    latencies.push(performance.now() - started);
  }
  return latencies;
}

async function timedGet(url: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(url);
  await response.arrayBuffer();
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return performance.now() - started;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** 1,000 sign-ins, 100 from each of 10 addresses, all at once (10 connections per address). */
async function storm(base: string): Promise<StormAddress[]> {
  const perAddress = STORM_ATTEMPTS / STORM_ADDRESSES;
  return Promise.all(
    Array.from({ length: STORM_ADDRESSES }, async (_, i) => {
      const address = `10.13.0.${i + 1}`;
      const result = await autocannon({
        url: `${base}/api/auth/sign-in/email`,
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: base, 'x-forwarded-for': address },
        body: JSON.stringify(MEMBER),
        connections: STORM_CONNECTIONS_PER_ADDRESS,
        amount: perAddress,
        timeout: TIMEOUT_SECONDS,
      });
      const statuses = Object.entries(result.statusCodeStats ?? {}).map(
        ([code, stats]) => [code, stats.count ?? 0] as const,
      );
      const answered = statuses.reduce((sum, [, count]) => sum + count, 0);
      const tooMany = statuses.find(([code]) => code === '429')?.[1] ?? 0;
      const ok = statuses.find(([code]) => code === '200')?.[1] ?? 0;
      return {
        address,
        allowed: answered - tooMany,
        tooMany,
        other: answered - tooMany - ok,
        errors: result.errors,
      };
    }),
  );
}

// ——— the run ———

async function main(): Promise<boolean> {
  const { work, dataDir } = await benchWorkDir('load-bench-');
  const failures: string[] = [];
  let emulator: RunningS3Emulator | undefined;
  let postgres: RunningPostgres | undefined;
  let server: ServerProcess | undefined;
  const cleanup = async () => {
    await server?.stop().catch((error) => console.error('stopping the server:', error));
    await emulator?.stop().catch((error) => console.error('stopping the emulator:', error));
    await postgres?.stop().catch((error) => console.error('stopping PostgreSQL:', error));
    await rm(work, { recursive: true, force: true });
  };

  await withCleanup(cleanup, async () => {
    const machine = `${cpus().length} cores, load ${loadavg()[0]?.toFixed(2)} at start`;
    console.log(
      `load: ${connections} connections, about ${seconds} s of one-at-a-time work per figure, ${machine}`,
    );
    emulator = await startS3Emulator({ directory: join(work, 's3'), bucket: BUCKET });
    postgres = await startEmbeddedPostgres({ dataDir: join(work, 'pg') });
    server = await startServerProcess({
      inherit: inheritedEnv,
      dataDir,
      s3: emulator.config,
      hostname: '127.0.0.1',
      env: {
        DATABASE_URL: postgres.url,
        ROLE: 'api',
        BETTER_AUTH_SECRET: AUTH_SECRET,
        DELIVERY_MODE: 'presigned',
        TRUST_PROXY: 'true',
      },
    });
    const base = server.url;
    const { pid } = server;
    await promisify(execFile)(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/create-admin.ts',
        '--email',
        ADMIN.email,
        '--name',
        'Bench Admin',
        '--password',
        ADMIN.password,
      ],
      { cwd: SERVER_DIR, env: server.env },
    );
    const seeding = performance.now();
    const seeded = await seed(postgres.url);
    const cookie = await signUpMember(base, await signInApi(base, ADMIN.email, ADMIN.password));
    console.log(
      `  server pid ${pid} at ${base}; seeded ${PHOTOS + OTHER_EVENTS * PHOTOS_PER_OTHER_EVENT} photos in ` +
        `${OTHER_EVENTS + 1} events and a set in ${((performance.now() - seeding) / 1000).toFixed(1)} s`,
    );

    const headers = { cookie, origin: base };
    const healthz: LoadTarget = { label: '/healthz', path: '/healthz', method: 'GET' };
    const procedures: Array<LoadTarget & { name: string; check: (data: unknown) => string | null }> = [
      {
        name: 'load-events-list',
        label: 'events.list',
        path: trpcGet('events.list', undefined),
        method: 'GET',
        check: (data) =>
          Array.isArray(data) && data.length === OTHER_EVENTS + 1 ? null : 'not the 20 events',
      },
      {
        name: 'load-music-sets-by-id',
        label: 'musicSets.byId',
        path: trpcGet('musicSets.byId', { id: seeded.setId }),
        method: 'GET',
        check: (data) =>
          typeof data === 'object' &&
          data &&
          'tracks' in data &&
          Array.isArray(data.tracks) &&
          data.tracks.length === 1
            ? null
            : 'not the set with its track',
      },
      {
        name: 'load-tracks-stream-url',
        label: 'tracks.streamUrl',
        path: '/trpc/tracks.streamUrl',
        method: 'POST',
        body: JSON.stringify(trpcInput({ trackId: seeded.trackId, tier: 'medium' })),
        check: (data) =>
          typeof data === 'object' && data && 'tier' in data && data.tier === 'medium'
            ? null
            : 'not the medium tier',
      },
      {
        name: 'load-images-list',
        label: `images.list (${PHOTOS} photos)`,
        path: trpcGet('images.list', { eventId: seeded.bigEventId }),
        method: 'GET',
        check: (data) => (Array.isArray(data) && data.length === PHOTOS ? null : `not ${PHOTOS} photos`),
      },
    ];
    const unloadedMs = new Map<LoadTarget, number>();
    for (const target of [healthz, ...procedures]) {
      const times: number[] = [];
      for (let i = 0; i < SEQUENTIAL_CALLS; i++) {
        if (target === healthz) {
          times.push(await timedGet(`${base}/healthz`));
          continue;
        }
        const { data, ms } = await timedCall(base, headers, target);
        const problem = procedures.find((p) => p === target)?.check(data);
        if (problem) throw new Error(`${target.label} answered ${problem}`);
        times.push(ms);
      }
      // The first calls warm the route up; the median of the rest is its unloaded cost.
      unloadedMs.set(target, median(times.slice(2)));
    }
    /** Requests in one figure: about BENCH_LOAD_SECONDS of one-at-a-time work, at least one per connection. */
    const amountFor = (target: LoadTarget) =>
      Math.max(connections, Math.ceil((seconds * 1000) / (unloadedMs.get(target) ?? 1)));

    const rssIdleMB = memoryOf(pid).rss;
    const unloaded = [...unloadedMs].map(([t, ms]) => `${t.label} ${ms.toFixed(1)} ms`).join(', ');
    console.log(`  idle RSS ${rssIdleMB.toFixed(1)} MB; one call, unloaded: ${unloaded}`);

    const results: BenchResult[] = [];
    // The storm first, and images.list last: a request that times out leaves the server busy with an
    // answer nobody awaits any more, which would slow whatever is measured after it.
    // An 11th address asks account.me before and during the storm.
    const before = await probe(base, cookie, { ms: PROBE_BASELINE_MS });
    const stormStarted = performance.now();
    const stormDone = storm(base);
    const [addresses, during] = await Promise.all([stormDone, probe(base, cookie, { until: stormDone })]);
    const stormSeconds = (performance.now() - stormStarted) / 1000;
    const perAddress = STORM_ATTEMPTS / STORM_ADDRESSES;
    for (const a of addresses) {
      console.log(
        `  ${a.address}: ${a.allowed} not 429 (${a.other} neither 200 nor 429), ${a.tooMany} × 429`,
      );
      if (a.errors > 0) failures.push(`sign-in from ${a.address}: ${a.errors} connection errors`);
      if (a.allowed !== SIGN_IN_LIMIT || a.tooMany !== perAddress - SIGN_IN_LIMIT)
        failures.push(`sign-in from ${a.address}: ${a.allowed} let through, ${a.tooMany} × 429`);
    }
    const p50 = percentile(during, 50);
    const p99 = percentile(during, 99);
    const baselineP99 = percentile(before, 99);
    console.log(
      `  storm: ${STORM_ATTEMPTS} attempts in ${stormSeconds.toFixed(1)} s; account.me from ${PROBE_ADDRESS}: ` +
        `p50 ${p50.toFixed(1)} / p99 ${p99.toFixed(1)} ms during (${during.length} calls), ` +
        `p50 ${percentile(before, 50).toFixed(1)} / p99 ${baselineP99.toFixed(1)} ms before (${before.length} calls)`,
    );
    results.push({
      name: 'load-sign-in',
      metric: `p99 latency of account.me from an 11th address during ${STORM_ATTEMPTS} sign-in attempts`,
      unit: 'ms',
      value: round(p99, 1),
      baseline: round(baselineP99, 1),
      ratio: round(p99 / baselineP99, 3),
      better: 'lower',
      runs: 1,
      notes:
        `${STORM_ATTEMPTS} POST /api/auth/sign-in/email with the member's right password, ${perAddress} from each ` +
        `of ${STORM_ADDRESSES} addresses (X-Forwarded-For, TRUST_PROXY=true, SIGN_IN_RATE_LIMIT ` +
        `${SIGN_IN_LIMIT}/min), ${STORM_CONNECTIONS_PER_ADDRESS} autocannon connections per address, all at ` +
        `once; the limit held when every address got exactly ${SIGN_IN_LIMIT} answers that were not 429; ` +
        `figure: account.me (signed in, from ${PROBE_ADDRESS}) one call after the other during the storm; ` +
        `baseline: the same for ${PROBE_BASELINE_MS / 1000} s just before; ${machine}`,
      limitHeld: addresses.every(
        (a) => a.allowed === SIGN_IN_LIMIT && a.tooMany === perAddress - SIGN_IN_LIMIT,
      ),
      addresses,
      stormSeconds: round(stormSeconds, 2),
      p50: round(p50, 1),
      p99: round(p99, 1),
      baselineP50: round(percentile(before, 50), 1),
      probeCalls: { during: during.length, before: before.length },
      probeMedianMs: { during: round(median(during), 1), before: round(median(before), 1) },
    });

    const describe = (label: string, run: LoadRun) =>
      `${label}: p50 ${run.p50} ms, p99 ${run.p99} ms, ${run.requests} requests ` +
      `(${run.requestsPerSecond.toFixed(0)}/s), ${run.errors} errors, ${run.non2xx} non-2xx, ` +
      `RSS peak ${run.rssPeakMB.toFixed(1)} MB`;
    for (const procedure of procedures) {
      const baseline = await load(base, headers, healthz, pid, amountFor(healthz));
      const run = await load(base, headers, procedure, pid, amountFor(procedure));
      console.log(`  ${describe(healthz.label, baseline)}\n  ${describe(procedure.label, run)}`);
      for (const [label, r] of [
        [healthz.label, baseline],
        [procedure.label, run],
      ] as const)
        if (r.errors > 0 || r.non2xx > 0)
          failures.push(`${label}: ${r.errors} errors and ${r.non2xx} non-2xx answers under load`);
      results.push({
        name: procedure.name,
        metric: `p99 latency of ${procedure.label} under ${connections} connections`,
        unit: 'ms',
        value: run.p99,
        baseline: baseline.p99,
        ratio: round(run.p99 / baseline.p99, 3),
        better: 'lower',
        runs: 1,
        notes:
          `autocannon, ${connections} connections as a signed-in member (superjson ` +
          `${procedure.method === 'GET' ? 'GET ?input=' : 'POST body'}), ${run.requests} requests (about ` +
          `${seconds} s of one-at-a-time calls, at least one per connection; every answer awaited, timeout ` +
          `${TIMEOUT_SECONDS} s) after ${SEQUENTIAL_CALLS} unloaded calls; baseline: /healthz of the same server ` +
          `under the same ${connections} connections just before; RSS of the server sampled every ${SAMPLE_MS} ms (VmRSS, and VmHWM where it could be ` +
          `reset); ${PHOTOS} photos in the listed event, ${OTHER_EVENTS + 1} events; autocannon runs on the same ` +
          `cores; ${machine}; MB = MiB`,
        p50: run.p50,
        p99: run.p99,
        baselineP50: baseline.p50,
        p50Ratio: round(run.p50 / baseline.p50, 3),
        requestsPerSecond: round(run.requestsPerSecond, 1),
        baselineRequestsPerSecond: round(baseline.requestsPerSecond, 1),
        requests: run.requests,
        errors: run.errors + run.non2xx,
        rssPeakMB: round(run.rssPeakMB, 1),
        baselineRssPeakMB: round(baseline.rssPeakMB, 1),
        rssIdleMB: round(rssIdleMB, 1),
        unloadedMs: round(unloadedMs.get(procedure) ?? 0, 1),
        baselineUnloadedMs: round(unloadedMs.get(healthz) ?? 0, 1),
        connections,
      });
    }

    await reportResults(results);
    if (failures.length > 0) console.error(`\nload failed:\n  ${failures.join('\n  ')}`);
  });
  return failures.length === 0;
}

// Explicitly: the run must fail when the server dropped a request or the limit gave way.
if (!(await main())) process.exit(1);
