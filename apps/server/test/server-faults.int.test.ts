import { createHash } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createEvent, findUserByEmail, schema } from '@party/db';
import { startS3Emulator } from '@party/dev-services/s3-emulator';
import { writePhotoJpeg } from '@party/media/test-fixtures';
import { createS3Client } from '@party/storage';
import { xorshiftBytes } from '@party/testing';
import { freePort, startServerProcess } from '@party/testing/server-process';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { bucketObjects } from './bucket-objects';
import { signInOverHttp, tusOffset } from './process-harness';
import { DEMO_PASSWORD, useTestApp } from './test-app';
import { tusCreate, tusPatch } from './tus-client';

/**
 * Faults with real processes: the server runs as a child process (exactly as `npm start` runs it)
 * on this file's database, against an S3 emulator this file can stop and start again on the same
 * port and directory.
 */
const { db, url: databaseUrl } = await useTestApp();
const work = await mkdtemp(path.join(tmpdir(), 'party-server-faults-'));
await chmod(work, 0o755);
const s3Dir = path.join(work, 's3');
const s3Port = await freePort();
let emulator = await startS3Emulator({ directory: s3Dir, bucket: 'fault-media', port: s3Port });
const s3 = emulator.config;
const client = createS3Client(s3);
const objects = bucketObjects({ client, bucket: s3.bucket });
const servers: Array<Awaited<ReturnType<typeof startServerProcess>>> = [];
afterAll(async () => {
  for (const server of servers) await server.stop();
  client.destroy();
  await emulator.stop();
  await rm(work, { recursive: true, force: true });
});

const admin = await findUserByEmail(db, 'admin@demo.local');
if (!admin) throw new Error('demo admin missing');
const event = await createEvent(db, {
  title: 'Storm',
  slug: 'storm',
  eventDate: '2026-12-01',
  createdBy: admin.id,
});

async function startServer(port: number) {
  const server = await startServerProcess({
    inherit: process.env,
    dataDir: work,
    s3,
    port,
    env: { DATABASE_URL: databaseUrl, ROLE: 'all' },
  });
  servers.push(server);
  return server;
}

const signIn = (base: string) => signInOverHttp(base, 'admin@demo.local', DEMO_PASSWORD);

/** Starts a PATCH of `body` from `offset` and writes it in 1 MiB pieces; resolves once `sent` bytes went out. */
function startPatch(
  base: string,
  cookie: string,
  location: string,
  offset: number,
  body: Buffer,
  sent: number,
) {
  return new Promise<void>((resolve) => {
    const req = request(new URL(location, base), {
      method: 'PATCH',
      headers: {
        cookie,
        'tus-resumable': '1.0.0',
        'upload-offset': String(offset),
        'content-type': 'application/offset+octet-stream',
        'content-length': String(body.length),
      },
    });
    req.on('error', () => {}); // the server is killed under it
    req.on('response', (res) => res.resume());
    let written = 0;
    const writeMore = () => {
      while (written < body.length) {
        const piece = body.subarray(written, written + 1024 * 1024);
        written += piece.length;
        const more = req.write(piece);
        if (written >= sent) resolve();
        if (!more) return req.once('drain', writeMore);
      }
    };
    writeMore();
  });
}

// The killed server's CompleteMultipartUpload may still finish in S3, or never be sent, or finish with
// the upload never registered: S3UploadStore makes each of these whole (README "Uploads survive a
// killed server").
describe('the server killed mid-upload', () => {
  it('resumes against the restarted server, and the stored original is the file, byte for byte', {
    timeout: 300_000,
  }, async () => {
    const port = await freePort();
    const first = await startServer(port);
    const cookie = await signIn(first.url);
    const bytes = xorshiftBytes(77, 40 * 1024 * 1024);
    const created = await tusCreate(first.url, cookie, bytes.length, {
      kind: 'image',
      eventId: event.id,
      filename: 'huge.tif',
      filetype: 'image/tiff',
    });
    expect(created.status).toBe(201);
    const location = created.headers.get('location') ?? '';
    // Past the first 8 MiB part, so both a stored part and an incomplete one are at stake.
    await startPatch(first.url, cookie, location, 0, bytes, 20 * 1024 * 1024);
    await sleep(500);
    process.kill(first.pid, 'SIGKILL');
    await vi.waitFor(() => expect(() => process.kill(first.pid, 0)).toThrow(), { timeout: 10_000 });

    const second = await startServer(port);
    const offset = await tusOffset(second.url, cookie, location);
    expect(offset).toBeGreaterThanOrEqual(0);
    expect(offset).toBeLessThanOrEqual(bytes.length);
    const rest = await tusPatch(second.url, cookie, location, offset, bytes.subarray(offset));
    expect(rest.status, `${await rest.text()}\n${second.output()}`).toBe(204);
    const key = `originals/${location.split('/').pop()}`;
    const stored = await objects.bytes(key);
    expect(createHash('sha256').update(stored).digest('hex')).toBe(
      createHash('sha256').update(bytes).digest('hex'),
    );
  });
});

describe('the S3 service away for 10 s', () => {
  it('an upload resumes after it, and a photo processed across it ends ready with one set of derivatives', {
    timeout: 300_000,
  }, async () => {
    const server = servers.at(-1) ?? (await startServer(await freePort()));
    const cookie = await signIn(server.url);
    const photo = await readFile(await writePhotoJpeg(path.join(work, 'storm.jpg'), 3000, 2000));
    const created = await tusCreate(server.url, cookie, photo.length, {
      kind: 'image',
      eventId: event.id,
      filename: 'storm.jpg',
      filetype: 'image/jpeg',
    });
    expect(created.status).toBe(201);
    const location = created.headers.get('location') ?? '';
    const half = Math.floor(photo.length / 2);
    expect((await tusPatch(server.url, cookie, location, 0, photo.subarray(0, half))).status).toBe(204);

    await emulator.stop();
    // Meanwhile the upload is refused with a sentence, and nothing is lost.
    const during = await tusPatch(server.url, cookie, location, half, photo.subarray(half));
    expect(during.status).toBeGreaterThanOrEqual(500);
    expect((await during.text()).length).toBeGreaterThan(0);
    await sleep(10_000);
    emulator = await startS3Emulator({ directory: s3Dir, bucket: s3.bucket, port: s3Port });

    const offset = await tusOffset(server.url, cookie, location);
    expect(offset).toBeLessThanOrEqual(photo.length);
    expect((await tusPatch(server.url, cookie, location, offset, photo.subarray(offset))).status).toBe(204);
    const key = `originals/${location.split('/').pop()}`;
    expect((await objects.bytes(key)).equals(photo)).toBe(true);

    // Processing across an outage: S3 goes away as soon as the job exists.
    const [image] = await db.select().from(schema.images).where(eq(schema.images.originalKey, key));
    if (!image) throw new Error('no image row');
    await emulator.stop();
    await sleep(10_000);
    emulator = await startS3Emulator({ directory: s3Dir, bucket: s3.bucket, port: s3Port });
    const ready = await vi.waitFor(
      async () => {
        const [row] = await db.select().from(schema.images).where(eq(schema.images.id, image.id));
        expect(row?.status).toBe('ready');
        return row;
      },
      { timeout: 180_000, interval: 500 },
    );
    const derived = (await objects.keys(`derived/images/${image.id}/`)).sort();
    expect(derived.length).toBeGreaterThan(0);
    expect(new Set(derived).size).toBe(derived.length);
    expect(ready?.failureReason ?? null).toBeNull();
  });
});
