import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { findUserByEmail } from '@party/db';
import { mediaTokenKey, signMediaToken } from '@party/storage';
import { seedMusicSet, seedTrack } from '@party/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  downloadUrl,
  fetchManyInChild,
  generatedBytes,
  httpGet,
  openPaused,
  prng,
  putGeneratedObject,
  randomRangeCase,
  useProxiedTestApp,
  watchServerSockets,
} from './media-helpers';

const MiB = 1024 * 1024;
const BIG = 200 * MiB;

const { app, db, s3, signIn, delivery, upstream, base, work, admin, proxiedObject } = await useProxiedTestApp(
  {
    cacheMaxBytes: 1024 * MiB,
    workPrefix: 'party-media-proxy-',
  },
);
const member = await findUserByEmail(db, 'member@demo.local');
if (!member) throw new Error('demo member missing');
let adminCookie = '';
let memberCookie = '';
beforeAll(async () => {
  adminCookie = await signIn('admin@demo.local');
  memberCookie = await signIn('member@demo.local');
});

/** Bytes of files (complete and in progress) in the cache directory. */
async function cacheUsage(): Promise<{ files: number; temp: number; bytes: number }> {
  let files = 0;
  let temp = 0;
  let bytes = 0;
  for (const shard of await readdir(delivery.cacheDir).catch(() => [])) {
    for (const name of await readdir(path.join(delivery.cacheDir, shard)).catch(() => [])) {
      const info = await stat(path.join(delivery.cacheDir, shard, name)).catch(() => undefined);
      if (!info) continue;
      if (name.endsWith('.tmp')) temp += 1;
      else files += 1;
      bytes += info.size;
    }
  }
  return { files, temp, bytes };
}

describe('access', () => {
  it('gives a member no URL for a draft, and refuses forged, foreign and expired tokens', async () => {
    const key = 'originals/draft-set';
    await putGeneratedObject(s3, key, path.join(work, 'draft'), 4096, 1);
    const set = await seedMusicSet(db, { artist: 'DJ Proxy', visibility: 'draft', createdBy: admin.id });
    const track = await seedTrack(db, { setId: set.id, originalKey: key });

    const asMember = await downloadUrl(app, memberCookie, track.id);
    expect(asMember.error?.data.code).toBe('NOT_FOUND');
    const asAdmin = await downloadUrl(app, adminCookie, track.id);
    const adminUrl = asAdmin.result?.data.url ?? '';
    // The transformer carries the expiry over HTTP as the Date the router's type promises.
    expect(asAdmin.result?.data.expiresAt).toBeInstanceOf(Date);
    expect(adminUrl).toMatch(/^\/media\/[\w-]+\.[\w-]{43}$/);
    expect((await httpGet(`${base}${adminUrl}`, { cookie: adminCookie })).status).toBe(200);

    // The admin's token with the member's session: refused.
    expect((await httpGet(`${base}${adminUrl}`, { cookie: memberCookie })).status).toBe(403);
    // No session at all.
    expect((await httpGet(`${base}${adminUrl}`, {})).status).toBe(401);
    // A token the member made up, with a key they guessed and their own id: not ours.
    const forgedKey = mediaTokenKey('not-the-server-secret-not-the-server-secret');
    const forged = signMediaToken(forgedKey, {
      key,
      viewerId: member.id,
      expiresAt: Date.now() / 1000 + 600,
    });
    expect((await httpGet(`${base}/media/${forged}`, { cookie: memberCookie })).status).toBe(404);
    // The admin's token altered to name the member.
    const [body = '', mac = ''] = adminUrl.slice('/media/'.length).split('.');
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString()) as { u: string };
    const altered = Buffer.from(JSON.stringify({ ...payload, u: member.id })).toString('base64url');
    expect((await httpGet(`${base}/media/${altered}.${mac}`, { cookie: memberCookie })).status).toBe(404);
    // A genuine but expired token: 403, like an expired presigned URL (the player asks again).
    const expired = signMediaToken(delivery.tokenKey, {
      key,
      viewerId: admin.id,
      expiresAt: Date.now() / 1000 - 1,
    });
    expect((await httpGet(`${base}/media/${expired}`, { cookie: adminCookie })).status).toBe(403);
    expect((await httpGet(`${base}/media/garbage`, { cookie: adminCookie })).status).toBe(404);
  });
});

describe('HTTP semantics', () => {
  it('answers HEAD, validators, 304, If-Range, 416 and download headers', async () => {
    const object = await proxiedObject('semantics', 100_000, 2, memberCookie);
    const cookie = { cookie: memberCookie };
    const head = await httpGet(object.url, cookie, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.bytes).toBe(0);
    expect(head.headers).toMatchObject({
      'content-length': '100000',
      'accept-ranges': 'bytes',
      'content-type': 'audio/flac',
      'x-content-type-options': 'nosniff',
    });
    expect(head.headers['content-disposition']).toContain('attachment; filename="DJ Proxy - Long Mix.flac"');
    expect(head.headers['cache-control']).toMatch(/^private, max-age=\d+$/);
    expect(Number(/max-age=(\d+)/.exec(head.headers['cache-control'] ?? '')?.[1])).toBeLessThanOrEqual(600);
    expect(head.headers['last-modified']).toBeTruthy();
    const etag = head.headers.etag ?? '';
    expect(etag).toMatch(/^".+"$/);
    expect(upstream.gets.get(object.key) ?? 0).toBe(0); // HEAD never downloads

    const full = await httpGet(object.url, cookie);
    expect(full.sha256).toBe(object.sha256);
    const notModified = await httpGet(object.url, { ...cookie, 'if-none-match': etag });
    expect(notModified.status).toBe(304);
    expect(notModified.headers.etag).toBe(etag);
    expect(
      (await httpGet(object.url, { ...cookie, 'if-modified-since': head.headers['last-modified'] ?? '' }))
        .status,
    ).toBe(304);

    const source = generatedBytes(100_000, 2);
    const ranged = await httpGet(
      object.url,
      { ...cookie, range: 'bytes=10-19', 'if-range': etag },
      { keep: true },
    );
    expect(ranged.status).toBe(206);
    expect(ranged.headers['content-range']).toBe('bytes 10-19/100000');
    expect(ranged.body?.equals(source.subarray(10, 20))).toBe(true);
    const stale = await httpGet(object.url, { ...cookie, range: 'bytes=10-19', 'if-range': '"stale"' });
    expect(stale.status).toBe(200);
    expect(stale.bytes).toBe(100_000);
    const unsatisfiable = await httpGet(object.url, { ...cookie, range: 'bytes=100000-' });
    expect(unsatisfiable.status).toBe(416);
    expect(unsatisfiable.headers['content-range']).toBe('bytes */100000');
    expect(upstream.gets.get(object.key)).toBe(1);
  });
});

describe('singleflight and the disk cache', () => {
  // 24 MiB pulled at 8 MiB/s: the hundred requests arrive while the one download runs (any that
  // came after it would be served from the complete file, still without a second GET).
  it('100 concurrent requests for one uncached 24 MiB object cause one upstream GET, and all get the right bytes', {
    timeout: 300_000,
  }, async () => {
    const size = 24 * MiB;
    const object = await proxiedObject('big-one', size, 3, memberCookie);
    upstream.throttles.set(object.key, 8 * MiB);
    const started = performance.now();
    const results = await fetchManyInChild(object.url, memberCookie, 100);
    const seconds = (performance.now() - started) / 1000;
    upstream.throttles.delete(object.key);
    expect(results.map((r) => r.status)).toEqual(Array(100).fill(200));
    expect(results.every((r) => r.bytes === size && r.sha256 === object.sha256)).toBe(true);
    expect(upstream.gets.get(object.key)).toBe(1);
    console.log(
      `100 × 24 MiB through the proxy in ${seconds.toFixed(1)} s; upstream GETs ${upstream.gets.get(object.key)}, HEADs ${upstream.heads.get(object.key)}`,
    );
    // Later requests: from the complete file, still no second GET.
    const again = await httpGet(object.url, { cookie: memberCookie, range: 'bytes=-1000' });
    expect(again.status).toBe(206);
    expect(upstream.gets.get(object.key)).toBe(1);
    expect((await cacheUsage()).temp).toBe(0);
  });

  // 120 range requests racing a throttled download: a minute or more on a loaded 2-core machine.
  it('serves Range requests from the part already downloaded, and random ranges byte-exact (property test)', {
    timeout: 240_000,
  }, async () => {
    const size = 6 * MiB + 12_345;
    const source = generatedBytes(size, 4);
    const object = await proxiedObject('ranges', size, 4, memberCookie);
    // The one download stops after 2 MiB until released: a range inside that part must be served
    // from the partial file, since the download cannot finish meanwhile.
    const release = upstream.hold(object.key, 2 * MiB);
    const whole = httpGet(object.url, { cookie: memberCookie });
    await expect
      .poll(() => upstream.pulled.get(object.key) ?? 0, { timeout: 60_000 })
      .toBeGreaterThanOrEqual(MiB);
    const first = await httpGet(
      object.url,
      { cookie: memberCookie, range: 'bytes=1000-50999' },
      { keep: true },
    );
    expect(first.status).toBe(206);
    expect(first.body?.equals(source.subarray(1000, 51_000))).toBe(true);
    expect((await cacheUsage()).temp).toBe(1); // the download is still held
    expect(upstream.gets.get(object.key)).toBe(1);
    // Slow upstream for the rest, so that some of the requests below race the download.
    upstream.throttles.set(object.key, 2 * MiB);
    release();

    // Property test: random ranges, part while the download runs (readers follow the growing
    // file), the rest once the file is complete. The oracle is independent of the code under test.
    const random = prng(20261126);
    const check = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const { header, expected } = randomRangeCase(random, size);
        const got = await httpGet(object.url, { cookie: memberCookie, range: header }, { keep: true });
        expect(got.status, header).toBe(expected.status);
        if (expected.status === 206) {
          expect(got.headers['content-range'], header).toBe(
            `bytes ${expected.start}-${expected.end}/${size}`,
          );
          expect(got.body?.equals(source.subarray(expected.start, expected.end + 1)), header).toBe(true);
        } else if (expected.status === 200) {
          expect(got.body?.equals(source), header).toBe(true);
        } else {
          expect(got.headers['content-range'], header).toBe(`bytes */${size}`);
        }
      }
    };
    await Promise.all([check(40), check(40), check(40)]);
    expect((await whole).sha256).toBe(createHash('sha256').update(source).digest('hex'));
    upstream.throttles.delete(object.key);
    await check(200);
    expect(upstream.gets.get(object.key)).toBe(1);
  });
});

describe('backpressure', () => {
  const sockets = watchServerSockets(app.server);
  /**
   * What the server may hand to a connection whose client reads nothing: its socket buffer, the
   * kernel's send and receive buffers on loopback (a few MiB each) and the client's stream buffer.
   * A server that ignored backpressure would push the whole 200 MiB object.
   */
  const WINDOW = 48 * MiB;

  /** Holds a paused client on `url` until `settled` says the server side is done; the most it was pushed. */
  async function pausedClient(object: { url: string; sha256: string }, settled: () => Promise<boolean>) {
    const paused = await openPaused(object.url, { cookie: memberCookie });
    try {
      // Settled five times in a row, so the server had every chance to push more.
      for (let quietSamples = 0; quietSamples < 5; ) {
        await sleep(200);
        if (await settled()) quietSamples += 1;
      }
      const pushed = sockets.pushed(paused);
      // The stream was held, not dropped: reading on gets every byte.
      const hash = createHash('sha256');
      let bytes = 0;
      paused.on('data', (data: Buffer) => {
        hash.update(data);
        bytes += data.length;
      });
      const ended = new Promise((resolve) => paused.on('end', resolve));
      paused.resume();
      await ended;
      expect(bytes).toBe(BIG);
      expect(hash.digest('hex')).toBe(object.sha256);
      return pushed;
    } finally {
      paused.destroy();
    }
  }

  it('a client that stops reading a 200 MB stream is pushed no more than socket buffers', {
    timeout: 300_000,
  }, async () => {
    const object = await proxiedObject('paused', BIG, 5, memberCookie);
    // Cold: the one download fills the cache at full speed while this client reads nothing.
    const cold = await pausedClient(
      object,
      async () => upstream.gets.get(object.key) === 1 && (await cacheUsage()).temp === 0,
    );
    // Warm: the same from the complete cache file.
    const warm = await pausedClient(object, async () => true);
    for (const [name, pushed] of Object.entries({ cold, warm })) {
      console.log(`paused client (${name}): server pushed ${(pushed / MiB).toFixed(1)} MiB of 200`);
      expect(pushed, name).toBeLessThan(WINDOW);
    }
    expect(upstream.gets.get(object.key)).toBe(1);
  });
});
