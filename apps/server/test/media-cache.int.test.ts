import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat, truncate, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { createS3Client, DiskCache, ObjectProxy } from '@party/storage';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  generatedBytes,
  httpGet,
  openPaused,
  prng,
  putGeneratedObject,
  randomRangeCase,
  useProxiedTestApp,
} from './media-helpers';

const MiB = 1024 * 1024;
const KiB = 1024;
const BUDGET = 1 * MiB;

const { s3, signIn, delivery, upstream, work, proxiedObject } = await useProxiedTestApp({
  cacheMaxBytes: BUDGET,
  workPrefix: 'party-media-cache-test-',
});
let cookie = '';
beforeAll(async () => {
  cookie = await signIn('member@demo.local');
});

/** Every file in a cache directory (complete and temp) with its size. */
async function filesIn(dir: string): Promise<Array<{ name: string; size: number }>> {
  const files: Array<{ name: string; size: number }> = [];
  for (const shard of await readdir(dir).catch(() => [])) {
    for (const name of await readdir(path.join(dir, shard)).catch(() => [])) {
      const info = await stat(path.join(dir, shard, name)).catch(() => undefined);
      if (info?.isFile()) files.push({ name, size: info.size });
    }
  }
  return files;
}

const total = (files: Array<{ size: number }>) => files.reduce((sum, f) => sum + f.size, 0);

describe('eviction', () => {
  it('keeps the byte budget, evicting the least recently used', async () => {
    const objects = [];
    for (let i = 0; i < 8; i++) objects.push(await proxiedObject(`evict-${i}`, 300 * KiB, 10 + i, cookie));
    for (const object of objects) {
      const got = await httpGet(object.url, { cookie });
      expect(got.sha256).toBe(object.sha256);
      expect(total(await filesIn(delivery.cacheDir))).toBeLessThanOrEqual(BUDGET);
    }
    // 3 × 300 KiB fit in 1 MiB: the last three are cached, served without another GET.
    const [, , , , , six, seven, eight] = objects;
    if (!six || !seven || !eight) throw new Error('objects missing');
    // The last object's file is renamed into place once its copy is flushed, which can come a moment
    // after the client has all its bytes (a loaded CI machine saw 2 here).
    await vi.waitFor(async () => expect((await filesIn(delivery.cacheDir)).length).toBe(3), {
      timeout: 10_000,
    });
    await httpGet(six.url, { cookie }); // six becomes the most recently used
    expect(upstream.gets.get(six.key)).toBe(1);
    const nine = await proxiedObject('evict-9', 300 * KiB, 19, cookie);
    await httpGet(nine.url, { cookie }); // evicts seven, the least recently used
    expect(total(await filesIn(delivery.cacheDir))).toBeLessThanOrEqual(BUDGET);
    await httpGet(six.url, { cookie });
    await httpGet(eight.url, { cookie });
    expect(upstream.gets.get(six.key)).toBe(1);
    expect(upstream.gets.get(eight.key)).toBe(1);
    expect((await httpGet(seven.url, { cookie })).sha256).toBe(seven.sha256);
    expect(upstream.gets.get(seven.key)).toBe(2);
  });
});

describe('objects the cache does not take', () => {
  it('streams them from S3 with exact ranges (property test)', async () => {
    const size = 3 * MiB + 777; // over half the budget: never cached
    const source = generatedBytes(size, 30);
    const object = await proxiedObject('uncached', size, 30, cookie);
    const random = prng(424242);
    let requests = 0;
    for (let i = 0; i < 200; i++) {
      const { header, expected } = randomRangeCase(random, size);
      const got = await httpGet(object.url, { cookie, range: header }, { keep: true });
      requests += expected.status === 416 ? 0 : 1;
      expect(got.status, header).toBe(expected.status);
      if (expected.status === 206) {
        expect(got.headers['content-range'], header).toBe(`bytes ${expected.start}-${expected.end}/${size}`);
        expect(got.body?.equals(source.subarray(expected.start, expected.end + 1)), header).toBe(true);
      } else if (expected.status === 200) {
        expect(got.body?.equals(source), header).toBe(true);
      }
    }
    expect(upstream.gets.get(object.key)).toBe(requests);
    expect(await filesIn(delivery.cacheDir)).not.toContainEqual(expect.objectContaining({ size }));
  });

  it('a paused client on a 200 MB stream straight from S3 makes the server pull no more than socket buffers', async () => {
    const object = await proxiedObject('uncached-big', 200 * MiB, 31, cookie);
    const paused = await openPaused(object.url, { cookie });
    try {
      // Wait until the server has stopped pulling from S3 (unchanged five samples in a row).
      let pulled = -1;
      for (let unchanged = 0; unchanged < 5; ) {
        await sleep(200);
        const now = upstream.pulled.get(object.key) ?? 0;
        unchanged = now === pulled ? unchanged + 1 : 0;
        pulled = now;
      }
      // Socket buffers between S3, the server and the client (a few MiB each on loopback), never the
      // 200 MiB a server without backpressure would pull for a client that reads nothing.
      expect(pulled / MiB).toBeLessThan(48);
      const hash = createHash('sha256');
      paused.on('data', (data: Buffer) => hash.update(data));
      const ended = new Promise((resolve) => paused.on('end', resolve));
      paused.resume();
      await ended;
      expect(hash.digest('hex')).toBe(object.sha256);
    } finally {
      paused.destroy();
    }
  }, 120_000);
});

describe('restarts and several processes on one cache directory', () => {
  const client = createS3Client({ ...s3.config, endpoint: upstream.endpoint });
  afterAll(() => client.destroy());

  async function readAll(stream: Readable): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const part of stream) parts.push(part as Buffer);
    return Buffer.concat(parts);
  }

  /** One "process": its own index and proxy over the shared directory. */
  async function processOn(dir: string, maxBytes = 8 * MiB) {
    const cache = new DiskCache({ dir, maxBytes });
    await cache.start();
    return { cache, proxy: new ObjectProxy({ client, bucket: s3.bucket, cache }) };
  }

  it('rebuilds the index after a restart, tolerates files another process removed, and cleans debris', async () => {
    const dir = path.join(work, 'shared-cache');
    const size = 1 * MiB + 3;
    const key = 'originals/shared';
    const sourceSha = await putGeneratedObject(s3, key, path.join(work, 'shared'), size, 40);
    const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

    const a = await processOn(dir);
    const head = await a.proxy.head(key);
    if (!head) throw new Error('no object');
    expect(sha(await readAll(await a.proxy.read(key, head, 0, size - 1)))).toBe(sourceSha);
    await a.proxy.settled(); // readers may finish before the file is renamed into place
    expect(upstream.gets.get(key)).toBe(1);

    // Debris: a temp file of a crashed process, a fresh temp file of a live one, a foreign file.
    const shard = path.join(dir, 'ab');
    await mkdir(shard, { recursive: true });
    const stale = path.join(shard, `ab${'0'.repeat(30)}-${'1'.repeat(16)}-10.123-${'f'.repeat(12)}.tmp`);
    const live = path.join(shard, `ab${'0'.repeat(30)}-${'1'.repeat(16)}-10.124-${'e'.repeat(12)}.tmp`);
    const foreign = path.join(shard, 'notes.txt');
    for (const file of [stale, live, foreign]) await writeFile(file, 'x');
    const old = new Date(Date.now() - 60 * 60_000);
    await utimes(stale, old, old);

    // "Restart": a new index from the directory alone serves the file without a GET.
    const b = await processOn(dir);
    expect(b.cache.stats()).toMatchObject({ files: 1, usedBytes: size });
    expect(sha(await readAll(await b.proxy.read(key, head, 0, size - 1)))).toBe(sourceSha);
    expect(upstream.gets.get(key)).toBe(1);
    const names = (await filesIn(dir)).map((f) => f.name);
    expect(names).not.toContain(path.basename(stale));
    expect(names).toEqual(expect.arrayContaining([path.basename(live), 'notes.txt']));

    // Process A evicts the file (its budget needs the room); B still lists it and copes.
    expect(a.cache.reserve(8 * MiB - 1)).toBe(false); // more than half the budget: never cached
    expect(a.cache.reserve(4 * MiB)).toBe(true);
    expect(a.cache.reserve(4 * MiB)).toBe(true); // evicts the shared object's file
    await sleep(50);
    expect((await filesIn(dir)).filter((f) => f.size === size)).toEqual([]);
    const range = await readAll(await b.proxy.read(key, head, 100, 199));
    expect(range.equals(generatedBytes(size, 40).subarray(100, 200))).toBe(true);
    expect(upstream.gets.get(key)).toBe(2); // B fetched it again instead of failing
    await b.proxy.settled();

    // A file whose size disagrees with its name (e.g. a full disk) is never served.
    const cached = (await filesIn(dir)).find((f) => f.size === size);
    if (!cached) throw new Error('B did not cache the object');
    await truncate(path.join(dir, cached.name.slice(0, 2), cached.name), 10);
    const c = await processOn(dir);
    expect(sha(await readAll(await c.proxy.read(key, head, 0, size - 1)))).toBe(sourceSha);
    expect(upstream.gets.get(key)).toBe(3);
    for (const p of [a, b, c]) p.cache.close();
  });

  it('two processes missing the same object at once both serve it and leave one valid file', async () => {
    const dir = path.join(work, 'race-cache');
    const size = 2 * MiB;
    const key = 'originals/race';
    const sourceSha = await putGeneratedObject(s3, key, path.join(work, 'race'), size, 41);
    const [a, b] = await Promise.all([processOn(dir), processOn(dir)]);
    const head = await a.proxy.head(key);
    if (!head) throw new Error('no object');
    const reads = await Promise.all(
      [a, b, a, b].map(async (p) => readAll(await p.proxy.read(key, head, 0, size - 1))),
    );
    for (const bytes of reads) expect(createHash('sha256').update(bytes).digest('hex')).toBe(sourceSha);
    await Promise.all([a.proxy.settled(), b.proxy.settled()]);
    expect(upstream.gets.get(key)).toBe(2); // one per process: singleflight is per process
    const files = await filesIn(dir);
    expect(files).toHaveLength(1);
    const [only] = files;
    const content = await readFile(path.join(dir, only?.name.slice(0, 2) ?? '', only?.name ?? ''));
    expect(createHash('sha256').update(content).digest('hex')).toBe(sourceSha);
    a.cache.close();
    b.cache.close();
  });
});
