import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import {
  Agent,
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  request,
  type Server,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { findUserByEmail } from '@party/db';
import { createS3Client, uploadFile } from '@party/storage';
import { seedMusicSet, seedTrack, xorshiftBytes } from '@party/testing';
import { decodeTrpcAnswer, trpcInput } from '@party/testing/trpc-wire';
import type { FastifyInstance } from 'fastify';
import { afterAll } from 'vitest';
import type { Logger } from '../src/logger';
import { useTestApp } from './test-app';

const MiB = 1024 * 1024;

/**
 * The test app in proxy delivery mode, listening on loopback, whose S3 traffic passes a counting
 * proxy (`upstream`); plus a work directory for generated objects. Both go after the file's tests.
 */
export async function useProxiedTestApp(options: {
  cacheMaxBytes: number;
  workPrefix: string;
  logger?: Logger;
}) {
  let counting: Awaited<ReturnType<typeof startCountingProxy>> | undefined;
  const testApp = await useTestApp({
    logger: options.logger,
    delivery: { mode: 'proxy', cacheMaxBytes: options.cacheMaxBytes },
    appS3Client: async (config) => {
      counting = await startCountingProxy(config.endpoint, config.bucket);
      return createS3Client({ ...config, endpoint: counting.endpoint });
    },
  });
  if (!counting) throw new Error('counting proxy not started');
  const upstream = counting;
  afterAll(() => upstream.close());
  const base = await testApp.listen();
  const work = await mkdtemp(path.join(tmpdir(), options.workPrefix));
  afterAll(() => rm(work, { recursive: true, force: true }));
  const admin = await findUserByEmail(testApp.db, 'admin@demo.local');
  if (!admin) throw new Error('demo admin missing');
  const createdBy = admin.id;

  /** A members-visible track for a new generated object; its `/media` URL as `cookie`'s user gets it. */
  async function proxiedObject(name: string, bytes: number, seed: number, cookie: string) {
    const key = `originals/${name}`;
    const sha256 = await putGeneratedObject(testApp.s3, key, path.join(work, name), bytes, seed);
    const set = await seedMusicSet(testApp.db, { artist: 'DJ Proxy', visibility: 'members', createdBy });
    const track = await seedTrack(testApp.db, { setId: set.id, originalKey: key, bytes });
    const answer = await downloadUrl(testApp.app, cookie, track.id);
    const url = answer.result?.data.url;
    if (!url) throw new Error(`no URL: ${JSON.stringify(answer)}`);
    return { key, sha256, url: `${base}${url}`, path: url };
  }

  return { ...testApp, upstream, base, work, admin, proxiedObject };
}

/**
 * A tiny HTTP proxy in front of the S3 emulator on loopback that counts requests per object key
 * (what "one upstream GET" means) and can slow chosen objects down. It forwards the Host header
 * unchanged, so SigV4 signatures made for the proxy's address verify at the emulator.
 */
export async function startCountingProxy(target: string, bucket: string) {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true });
  const gets = new Map<string, number>();
  const heads = new Map<string, number>();
  /** Body bytes of GETs forwarded to the app, per key: what the app has pulled from S3. */
  const pulled = new Map<string, number>();
  /** Bytes per second for GET bodies of these keys. */
  const throttles = new Map<string, number>();
  /** Keys whose GET bodies stop after `afterBytes` until released. */
  const holds = new Map<string, { afterBytes: number; released: Promise<void> }>();
  const keyOf = (url: string) => {
    const pathname = url.split('?')[0] ?? '';
    const prefix = `/${bucket}/`;
    return pathname.startsWith(prefix) ? decodeURIComponent(pathname.slice(prefix.length)) : undefined;
  };
  /** Counts, throttles and holds one GET body of `key` on its way to the app. */
  const meter = (key: string) => {
    let forwarded = 0;
    return new Transform({
      async transform(chunk: Buffer, _encoding, callback) {
        const hold = holds.get(key);
        if (hold && forwarded + chunk.length > hold.afterBytes) await hold.released;
        const rate = throttles.get(key);
        if (rate) await sleep((chunk.length / rate) * 1000);
        forwarded += chunk.length;
        pulled.set(key, (pulled.get(key) ?? 0) + chunk.length);
        callback(null, chunk);
      },
    });
  };
  const server = createServer((req, res) => {
    const key = keyOf(req.url ?? '');
    if (key !== undefined && req.method === 'GET') gets.set(key, (gets.get(key) ?? 0) + 1);
    if (key !== undefined && req.method === 'HEAD') heads.set(key, (heads.get(key) ?? 0) + 1);
    const forward = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
        agent,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        const body = key !== undefined && req.method === 'GET' ? answer.pipe(meter(key)) : answer;
        pipeline(body, res).catch(() => answer.destroy());
      },
    );
    forward.on('error', () => res.destroy());
    pipeline(req, forward).catch(() => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    gets,
    heads,
    pulled,
    throttles,
    /** Stops GET bodies of `key` after about `afterBytes` (one chunk more at most) until the returned function runs. */
    hold(key: string, afterBytes: number): () => void {
      let release = () => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      holds.set(key, { afterBytes, released });
      return () => {
        holds.delete(key);
        release();
      };
    },
    /**
     * S3 gone, as the app sees a crashed or unplugged S3: every connection (also one mid-body) is
     * dropped, and new ones are refused until `comeBack`.
     */
    async goAway() {
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      await closed;
      for (const key of [...holds.keys()]) holds.delete(key);
    },
    /** Listens again on the same port. */
    async comeBack() {
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      agent.destroy();
    },
  };
}

/** One MiB of deterministic pseudo-random bytes, different per `seed` and `index`. */
export function chunk(seed: number, index: number): Buffer {
  return xorshiftBytes(seed * 7919 + index + 1, MiB);
}

/**
 * Writes `bytes` deterministic bytes to `file` (never all in memory), uploads them as `key` and
 * returns their SHA-256.
 */
export async function putGeneratedObject(
  s3: { client: S3Client; bucket: string },
  key: string,
  file: string,
  bytes: number,
  seed: number,
): Promise<string> {
  const hash = createHash('sha256');
  const out = createWriteStream(file);
  for (let index = 0; index * MiB < bytes; index++) {
    const part = chunk(seed, index).subarray(0, Math.min(MiB, bytes - index * MiB));
    hash.update(part);
    if (!out.write(part)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => {
    out.on('error', reject);
    out.end(() => resolve());
  });
  await uploadFile(s3.client, s3.bucket, key, file, 'audio/flac');
  return hash.digest('hex');
}

/** A whole generated object in memory (for small ones whose ranges are compared byte for byte). */
export function generatedBytes(bytes: number, seed: number): Buffer {
  const parts: Buffer[] = [];
  for (let index = 0; index * MiB < bytes; index++) parts.push(chunk(seed, index));
  return Buffer.concat(parts).subarray(0, bytes);
}

export interface Fetched {
  status: number;
  headers: IncomingHttpHeaders;
  bytes: number;
  sha256: string;
  body?: Buffer;
}

/** A GET (or HEAD) over a fresh connection; hashes the body while it arrives (keeps it if asked). */
export function httpGet(
  url: string,
  headers: Record<string, string>,
  options: { keep?: boolean; method?: string } = {},
): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers, agent: false }, (res) => {
      const hash = createHash('sha256');
      const kept: Buffer[] = [];
      let bytes = 0;
      res.on('data', (data: Buffer) => {
        hash.update(data);
        bytes += data.length;
        if (options.keep) kept.push(data);
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          bytes,
          sha256: hash.digest('hex'),
          body: options.keep ? Buffer.concat(kept) : undefined,
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

// The clients of `fetchManyInChild`: plain node:http, hashing as the bytes arrive.
const MANY_CLIENTS = `
const http = require('node:http');
const crypto = require('node:crypto');
const [url, cookie, count] = process.argv.slice(1);
const one = () => new Promise((resolve, reject) => {
  http.get(url, { headers: { cookie }, agent: false }, (res) => {
    const hash = crypto.createHash('sha256');
    let bytes = 0;
    res.on('data', (d) => { hash.update(d); bytes += d.length; });
    res.on('end', () => resolve({ status: res.statusCode, bytes, sha256: hash.digest('hex') }));
    res.on('error', reject);
  }).on('error', reject);
});
Promise.all(Array.from({ length: Number(count) }, one)).then((r) => process.stdout.write(JSON.stringify(r)));
`;

/**
 * `count` concurrent GETs of `url` from a child process, so that the clients' parsing and hashing
 * runs on the other core instead of competing with the server under test.
 */
export function fetchManyInChild(
  url: string,
  cookie: string,
  count: number,
): Promise<Array<{ status: number; bytes: number; sha256: string }>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', MANY_CLIENTS, url, cookie, String(count)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (data: Buffer) => {
      out += data.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`clients exited with ${code}`)),
    );
  });
}

/**
 * Watches the connections of `server` (the app's, listening). `pushed(response)` tells how many bytes
 * the server has handed to the socket of that client response's connection: what sits in the
 * server's socket buffer, the kernel's buffers and the client's together. Without backpressure it
 * would grow to the whole object while the client reads nothing; unlike process memory it does
 * not depend on the garbage collector or on what else the machine runs.
 */
export function watchServerSockets(server: Server) {
  const byClientPort = new Map<number, Socket>();
  server.on('connection', (socket: Socket) => {
    if (socket.remotePort !== undefined) byClientPort.set(socket.remotePort, socket);
  });
  return {
    pushed(response: IncomingMessage): number {
      const socket = byClientPort.get(response.socket.localPort ?? -1);
      if (!socket) throw new Error('no server socket for this response');
      return socket.bytesWritten;
    },
  };
}

/** Starts a GET and hands back the response unread (a client that stops reading). */
export function openPaused(url: string, headers: Record<string, string>): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, agent: false }, (res) => {
      res.pause();
      resolve(res);
    });
    req.on('error', reject);
    req.end();
  });
}

/** `tracks.downloadUrl` over HTTP with a session cookie: the tRPC answer (data or error). */
export async function downloadUrl(app: FastifyInstance, cookie: string, trackId: string) {
  const response = await app.inject({
    method: 'POST',
    url: '/trpc/tracks.downloadUrl',
    headers: { 'content-type': 'application/json', cookie },
    payload: trpcInput({ trackId, kind: 'original' }),
  });
  return decodeTrpcAnswer<{ url: string; expiresAt: Date }>(response.json());
}

/** Seeded PRNG (mulberry32) for reproducible property tests. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)) };
}

/**
 * A random Range header for an object of `size` bytes and what a correct server answers, computed
 * independently of the code under test (RFC 9110 §14).
 */
export function randomRangeCase(random: ReturnType<typeof prng>, size: number) {
  const pick = random.int(0, 99);
  const inside = () => random.int(0, size - 1);
  let header: string;
  let expected: { status: 200 } | { status: 206; start: number; end: number } | { status: 416 };
  if (pick < 45) {
    const start = inside();
    const end = Math.min(size - 1 + random.int(0, 2) * random.int(0, 1000), start + random.int(0, 300_000));
    header = `bytes=${start}-${end}`;
    expected = { status: 206, start, end: Math.min(end, size - 1) };
  } else if (pick < 60) {
    const start = Math.max(0, size - random.int(1, 400_000));
    header = `bytes=${start}-`;
    expected = { status: 206, start, end: size - 1 };
  } else if (pick < 75) {
    const suffix = random.int(1, 500_000);
    header = `bytes=-${suffix}`;
    expected = { status: 206, start: Math.max(0, size - suffix), end: size - 1 };
  } else if (pick < 83) {
    const start = size + random.int(0, 10_000);
    header = random.next() < 0.5 ? `bytes=${start}-` : `bytes=${start}-${start + random.int(0, 100)}`;
    expected = { status: 416 };
  } else if (pick < 88) {
    const a = inside();
    const b = inside();
    header = `bytes=${Math.min(a, b)}-${Math.min(a, b) + 10},${Math.max(a, b)}-`;
    expected = { status: 200 };
  } else if (pick < 93) {
    const start = random.int(1, size - 1);
    header = `bytes=${start}-${start - 1}`;
    expected = { status: 200 };
  } else if (pick < 96) {
    header = 'bytes=-0';
    expected = { status: 416 };
  } else {
    header = random.next() < 0.5 ? 'items=0-10' : 'bytes=x-y';
    expected = { status: 200 };
  }
  return { header, expected };
}
