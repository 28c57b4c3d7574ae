import { createHash } from 'node:crypto';
import { readdir, readlink } from 'node:fs/promises';
import { request } from 'node:http';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { useProxiedTestApp } from './media-helpers';

/**
 * S3 away mid-delivery (DELIVERY_MODE=proxy): the app reaches S3 through a proxy that drops every
 * connection at once, also one in the middle of a body, and refuses new ones for 10 s, which is
 * what the app sees of a crashed or unplugged S3.
 */
const MiB = 1024 * 1024;
const CACHE_MAX = 64 * MiB; // admits objects up to 32 MiB

/** The app's warnings, one JSON line each. */
const warnings: string[] = [];
const logger = pino({ level: 'warn' }, { write: (line: string) => warnings.push(line) });
const brokeOff = () =>
  warnings.filter((line) => line.includes('the source (S3 or the cache) broke off mid-stream')).length;

const { app, signIn, delivery, upstream, base, proxiedObject } = await useProxiedTestApp({
  cacheMaxBytes: CACHE_MAX,
  workPrefix: 'party-media-faults-',
  logger,
});
let memberCookie = '';
beforeAll(async () => {
  memberCookie = await signIn('member@demo.local');
});

interface Outcome {
  status: number;
  contentLength: number;
  bytes: number;
  sha256: string;
  /** The body arrived whole and the message ended properly. */
  complete: boolean;
  /** Why the body stopped, if it did. */
  error?: string;
}

/** A GET as a player or browser sees it: headers first, then however much of the body arrives. */
function fetchOutcome(url: string, onBytes?: (bytes: number) => void): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { cookie: memberCookie }, agent: false }, (res) => {
      const hash = createHash('sha256');
      let bytes = 0;
      let error: string | undefined;
      res.on('data', (data: Buffer) => {
        hash.update(data);
        bytes += data.length;
        onBytes?.(bytes);
      });
      res.on('error', (cause: NodeJS.ErrnoException) => {
        error = `${cause.code ?? ''} ${cause.message}`;
      });
      res.on('close', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentLength: Number(res.headers['content-length']),
          bytes,
          sha256: hash.digest('hex'),
          complete: res.complete && error === undefined,
          error,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/** A small answer over a connection of its own that closes after it. */
function textOf(url: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { cookie: memberCookie }, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (data: string) => {
        text += data;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Cache files by kind: complete ones and downloads in progress (`.tmp`). */
async function cacheFiles(): Promise<{ complete: string[]; temp: string[] }> {
  const complete: string[] = [];
  const temp: string[] = [];
  for (const shard of await readdir(delivery.cacheDir).catch(() => [])) {
    for (const name of await readdir(path.join(delivery.cacheDir, shard)).catch(() => [])) {
      (name.endsWith('.tmp') ? temp : complete).push(name);
    }
  }
  return { complete, temp };
}

/** File descriptors of this process (the app runs in it) open on anything in the media cache. */
async function openCacheHandles(): Promise<string[]> {
  const open: string[] = [];
  for (const fd of await readdir('/proc/self/fd')) {
    const target = await readlink(`/proc/self/fd/${fd}`).catch(() => '');
    if (target.startsWith(delivery.cacheDir)) open.push(target);
  }
  return open;
}

const openConnections = () =>
  new Promise<number>((resolve, reject) =>
    app.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
  );

/**
 * Two members start the same object; S3 goes away once both have part of it. Both must see a
 * broken body, and the same URL must work again, byte-identical, once S3 is back.
 */
async function cutMidResponse(object: Awaited<ReturnType<typeof proxiedObject>>, size: number) {
  const release = upstream.hold(object.key, 3 * MiB);
  const brokeOffBefore = brokeOff();
  const received = [0, 0];
  const readers = [0, 1].map((i) =>
    fetchOutcome(object.url, (bytes) => {
      received[i] = bytes;
    }),
  );
  await vi.waitFor(() => expect(Math.min(...received)).toBeGreaterThan(0), { timeout: 60_000 });
  await upstream.goAway();
  release();

  for (const outcome of await Promise.all(readers)) {
    // The headers promised the whole object; the body visibly stops short.
    expect(outcome.status).toBe(200);
    expect(outcome.contentLength).toBe(size);
    expect(outcome.bytes).toBeLessThan(size);
    expect(outcome.complete).toBe(false);
    expect(outcome.error).toMatch(/aborted|ECONNRESET/);
  }
  // The operator reads that S3 broke off, not a client that left (both look like a reset).
  await vi.waitFor(() => expect(brokeOff() - brokeOffBefore).toBe(2), { timeout: 5_000 });
  return async () => {
    // While S3 is away: a sentence, quickly, not a hanging request.
    const during = await textOf(object.url);
    expect(during.status).toBe(502);
    expect(during.text).toMatch(/file store did not answer/);
    expect((await textOf(`${base}/healthz`)).status).toBe(200);
  };
}

describe('S3 away mid-delivery', () => {
  it('breaks the cached download visibly, caches nothing partial, and serves the same bytes once S3 is back', {
    timeout: 120_000,
  }, async () => {
    const size = 12 * MiB + 4321;
    const object = await proxiedObject('cut-cached', size, 31, memberCookie);
    const whileAway = await cutMidResponse(object, size);
    await whileAway();
    expect(warnings.some((line) => line.includes(`media proxy: caching ${object.key}`))).toBe(true);

    // Nothing partial stays: no temp file, no file under the final name, no handle on either.
    expect(await cacheFiles()).toEqual({ complete: [], temp: [] });
    await vi.waitFor(async () => expect(await openCacheHandles()).toEqual([]), { timeout: 10_000 });
    await vi.waitFor(async () => expect(await openConnections()).toBe(0), { timeout: 10_000 });

    await sleep(10_000);
    await upstream.comeBack();
    const again = await fetchOutcome(object.url);
    expect(again).toMatchObject({ status: 200, bytes: size, sha256: object.sha256, complete: true });
    // The file is renamed into place just after its readers got their last byte.
    await vi.waitFor(async () => expect((await cacheFiles()).complete).toHaveLength(1), { timeout: 10_000 });
    // From the complete cache file now: no further GET, same bytes.
    const gets = upstream.gets.get(object.key);
    const cached = await fetchOutcome(object.url);
    expect(cached).toMatchObject({ status: 200, bytes: size, sha256: object.sha256, complete: true });
    expect(upstream.gets.get(object.key)).toBe(gets);
    expect((await cacheFiles()).temp).toEqual([]);
    await vi.waitFor(async () => expect(await openCacheHandles()).toEqual([]), { timeout: 10_000 });
  });

  it('breaks a stream straight from S3 (too large to cache) visibly, and serves it whole once S3 is back', {
    timeout: 120_000,
  }, async () => {
    const size = CACHE_MAX / 2 + 3 * MiB;
    const object = await proxiedObject('cut-streamed', size, 32, memberCookie);
    const whileAway = await cutMidResponse(object, size);
    await whileAway();
    await vi.waitFor(async () => expect(await openConnections()).toBe(0), { timeout: 10_000 });

    await sleep(10_000);
    await upstream.comeBack();
    const again = await fetchOutcome(object.url);
    expect(again).toMatchObject({ status: 200, bytes: size, sha256: object.sha256, complete: true });
    expect(await cacheFiles()).toEqual(expect.objectContaining({ temp: [] }));
  });
});
