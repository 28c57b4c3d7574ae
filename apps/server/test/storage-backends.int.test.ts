/*
 * The storage layer against both S3 services the tests have: the portable emulator
 * (`@20minutes/s3rver` + our patch) and a real S3 implementation, Ceph's RADOS Gateway. The same
 * rows run on both, so a difference between them (README: "S3 compatibility notes") shows up as a
 * failure on one side. Uploads go through the app's own `/files` (tus) over real HTTP.
 */
import { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListPartsCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { createEvent, findUpload, findUserByEmail, schema } from '@party/db';
import {
  deleteObjects,
  listMultipartUploads,
  presignGet,
  s3ClientConfig,
  UPLOAD_PART_SIZE,
} from '@party/storage';
import { S3_BACKENDS, type S3Backend, xorshiftBytes } from '@party/testing';
import { Upload } from '@tus/utils';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { S3UploadStore } from '../src/uploads/s3-upload-store';
import { UPLOAD_EXPIRY_MS } from '../src/uploads/tus-protocol';
import { sweepExpiredUploads } from '../src/worker/processors/sweep-expired-uploads';
import { bucketObjects } from './bucket-objects';
import { PUBLIC_URL, useTestApp } from './test-app';
import { tusCreate, tusInterruptedPatch, tusOffset, tusPatch } from './tus-client';

const MiB = 1024 * 1024;
const silentLog = { info: () => {}, warn: () => {}, error: () => {} };

/** One app (database, S3 backend, tus) per backend that can run here, started at collection time. */
async function startBackend(backend: S3Backend) {
  const app = await useTestApp({ s3Backend: backend, s3CorsOrigins: [PUBLIC_URL] });
  const base = await app.listen();
  const admin = await findUserByEmail(app.db, 'admin@demo.local');
  if (!admin) throw new Error('demo admin missing');
  const event = await createEvent(app.db, {
    title: `Storage on ${backend}`,
    slug: `storage-${backend}`,
    eventDate: '2026-12-01',
    createdBy: admin.id,
  });
  const cookie = await app.signIn('admin@demo.local');
  return { ...app, base, event, cookie, objects: bucketObjects(app.s3) };
}

const running = new Map<S3Backend, Awaited<ReturnType<typeof startBackend>>>();
for (const { backend, skip } of S3_BACKENDS) if (!skip) running.set(backend, await startBackend(backend));

function errorName(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'resolved',
    (error: { name?: string }) => error.name ?? 'unknown',
  );
}

describe.each(S3_BACKENDS)('storage on $title', ({ backend, skip }) => {
  const get = () => {
    const app = running.get(backend);
    if (!app) throw new Error(`${backend} is not running`);
    return app;
  };
  const fields = () => ({ kind: 'image', eventId: get().event.id, filename: 'photo.jpg' });

  async function create(size: number): Promise<{ location: string; key: string }> {
    const { base, cookie } = get();
    const created = await tusCreate(base, cookie, size, fields());
    expect(created.status).toBe(201);
    const location = created.headers.get('location') ?? '';
    return { location, key: `originals/${location.split('/').pop()}` };
  }

  async function uploadIdOf(key: string): Promise<string> {
    const { s3 } = get();
    const info = await s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: `${key}.info` }));
    const uploadId = info.Metadata?.['upload-id'];
    if (!uploadId) throw new Error(`no upload id on ${key}.info`);
    return uploadId;
  }

  async function openMultipartKeys(): Promise<string[]> {
    const { s3 } = get();
    const keys: string[] = [];
    for await (const upload of listMultipartUploads(s3.client, s3.bucket, 'originals/'))
      keys.push(upload.key);
    return keys;
  }

  it.skipIf(skip)(
    'a tus upload survives an interrupted PATCH, resumes where the server says and is stored byte-for-byte',
    async () => {
      const { base, cookie, s3, objects } = get();
      const source = xorshiftBytes(14, 2 * UPLOAD_PART_SIZE + 3 * MiB + 12_345);
      const { location, key } = await create(source.length);
      const uploadId = await uploadIdOf(key);

      // Less than a part: the store keeps it as the `.part` object.
      const first = 3 * MiB;
      const patched = await tusPatch(base, cookie, location, 0, source.subarray(0, first));
      expect(patched.status).toBe(204);
      expect(await tusOffset(base, cookie, location)).toEqual({ status: 200, offset: first });

      // The connection dies after a part and a half of the rest.
      await tusInterruptedPatch(
        base,
        cookie,
        location,
        first,
        source.subarray(first),
        UPLOAD_PART_SIZE + 4 * MiB,
      );
      const resumed = await tusOffset(base, cookie, location);
      expect(resumed.status).toBe(200);
      expect(resumed.offset).toBeGreaterThanOrEqual(first);
      expect(resumed.offset).toBeLessThanOrEqual(first + UPLOAD_PART_SIZE + 4 * MiB);
      // What S3 keeps: only whole, equal parts (DESIGN: partSize = minPartSize).
      const parts = await s3.client.send(
        new ListPartsCommand({ Bucket: s3.bucket, Key: key, UploadId: uploadId }),
      );
      for (const part of parts.Parts ?? []) expect(part.Size).toBe(UPLOAD_PART_SIZE);

      const rest = await tusPatch(base, cookie, location, resumed.offset, source.subarray(resumed.offset));
      expect(rest.status).toBe(204);
      expect(Number(rest.headers.get('upload-offset'))).toBe(source.length);

      expect((await objects.bytes(key)).equals(source)).toBe(true);
      expect(await objects.exists(`${key}.part`)).toBe(false);
      expect(await openMultipartKeys()).not.toContain(key);
    },
  );

  it.skipIf(skip)('resuming a completed upload reports the full offset and takes no more bytes', async () => {
    const { base, cookie, objects } = get();
    const source = xorshiftBytes(15, 1000);
    const { location, key } = await create(source.length);
    expect((await tusPatch(base, cookie, location, 0, source)).status).toBe(204);

    // The multipart upload is gone once completed: AWS and the emulator answer ListParts with
    // NoSuchUpload, the gateway with NoSuchKey; both mean "finished" here.
    expect(await tusOffset(base, cookie, location)).toEqual({ status: 200, offset: source.length });
    const again = await tusPatch(base, cookie, location, source.length, Buffer.from('x'));
    expect(again.status).toBeGreaterThanOrEqual(400);
    expect(again.status).toBeLessThan(500);
    expect((await objects.bytes(key)).equals(source)).toBe(true);
  });

  it.skipIf(skip)(
    'an expired upload answers 410 and the sweep aborts its multipart upload and removes its objects',
    async () => {
      const { base, cookie, db, s3, objects } = get();
      const source = xorshiftBytes(16, UPLOAD_PART_SIZE + 2 * MiB);
      const { location, key } = await create(source.length + MiB);
      expect((await tusPatch(base, cookie, location, 0, source)).status).toBe(204);
      expect(await objects.exists(`${key}.part`)).toBe(true);
      expect(await openMultipartKeys()).toContain(key);

      await db
        .update(schema.uploads)
        .set({ createdAt: new Date(Date.now() - UPLOAD_EXPIRY_MS - 60_000) })
        .where(eq(schema.uploads.id, key));
      expect((await tusOffset(base, cookie, location)).status).toBe(410);

      const report = await sweepExpiredUploads({ db, s3: s3.client, bucket: s3.bucket, log: silentLog });
      expect(report.expired).toContain(key);
      expect(report.multipartAborted).toContain(key);
      expect(await openMultipartKeys()).not.toContain(key);
      expect(await objects.exists(`${key}.info`)).toBe(false);
      expect(await objects.exists(`${key}.part`)).toBe(false);
      expect((await findUpload(db, key))?.status).toBe('aborted');
      // A second sweep finds nothing left to do, whatever the service answers for the gone upload.
      const again = await sweepExpiredUploads({ db, s3: s3.client, bucket: s3.bucket, log: silentLog });
      expect(again.multipartAborted).not.toContain(key);
      expect((await tusOffset(base, cookie, location)).status).toBe(410);
    },
  );

  it.skipIf(skip)(
    'an upload whose multipart upload vanished from S3 answers 410 on HEAD and PATCH (not "complete", not 500)',
    async () => {
      const { base, cookie, s3 } = get();
      const source = xorshiftBytes(17, 2 * MiB);
      const { location, key } = await create(source.length);
      expect((await tusPatch(base, cookie, location, 0, source.subarray(0, MiB))).status).toBe(204);
      // A bucket lifecycle rule or a sweep in another process aborts it behind tus's back.
      await s3.client.send(
        new AbortMultipartUploadCommand({ Bucket: s3.bucket, Key: key, UploadId: await uploadIdOf(key) }),
      );
      expect((await tusOffset(base, cookie, location)).status).toBe(410);
      expect((await tusPatch(base, cookie, location, MiB, source.subarray(MiB))).status).toBe(410);
    },
  );

  it.skipIf(skip)(
    'CompleteMultipartUpload after an abort (a race with expiry) ends in 410 Gone from the store',
    async () => {
      const { s3 } = get();
      // The race made deterministic: the multipart upload is aborted right before it is completed.
      class RacingStore extends S3UploadStore {
        protected override async finishMultipartUpload(
          ...args: Parameters<S3UploadStore['finishMultipartUpload']>
        ) {
          const [metadata] = args;
          await s3.client.send(
            new AbortMultipartUploadCommand({
              Bucket: s3.bucket,
              Key: metadata.file.id,
              UploadId: metadata['upload-id'],
            }),
          );
          return super.finishMultipartUpload(...args);
        }
      }
      const store = new RacingStore({
        partSize: UPLOAD_PART_SIZE,
        minPartSize: UPLOAD_PART_SIZE,
        useTags: false,
        s3ClientConfig: { ...s3ClientConfig(s3.config), bucket: s3.bucket },
      });
      const id = `originals/race-${backend}`;
      const bytes = xorshiftBytes(18, 1000);
      await store.create(new Upload({ id, size: bytes.length, offset: 0 }));
      await expect(store.write(Readable.from([bytes]), id, 0)).rejects.toMatchObject({ status_code: 410 });
    },
  );

  it.skipIf(skip)(
    'an upload whose server died before CompleteMultipartUpload is completed and registered on the next look',
    async () => {
      const { s3 } = get();
      const options = {
        partSize: UPLOAD_PART_SIZE,
        minPartSize: UPLOAD_PART_SIZE,
        useTags: false,
        s3ClientConfig: { ...s3ClientConfig(s3.config), bucket: s3.bucket },
      };
      // The process dies between storing the last part and joining the parts.
      class DyingStore extends S3UploadStore {
        protected override async finishMultipartUpload(): Promise<string | undefined> {
          throw new Error('killed');
        }
      }
      const id = `originals/unjoined-${backend}`;
      const bytes = xorshiftBytes(22, UPLOAD_PART_SIZE + 1000);
      const dying = new DyingStore(options);
      await dying.create(new Upload({ id, size: bytes.length, offset: 0 }));
      await expect(dying.write(Readable.from([bytes]), id, 0)).rejects.toThrow('killed');
      await expect(s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: id }))).rejects.toThrow();

      const registered: string[] = [];
      const next = new S3UploadStore(options, async (stored) => void registered.push(stored));
      expect((await next.getUpload(id)).offset).toBe(bytes.length);
      expect((await get().objects.bytes(id)).equals(bytes)).toBe(true);
      expect(registered).toEqual([id]);
    },
  );

  it.skipIf(skip)(
    'a PATCH resent after S3 joined the parts (the answer was lost with the server) answers the full offset',
    async () => {
      const { s3 } = get();
      const registered: string[] = [];
      const store = new S3UploadStore(
        {
          partSize: UPLOAD_PART_SIZE,
          minPartSize: UPLOAD_PART_SIZE,
          useTags: false,
          s3ClientConfig: { ...s3ClientConfig(s3.config), bucket: s3.bucket },
        },
        async (stored) => void registered.push(stored),
      );
      const id = `originals/joined-${backend}`;
      const bytes = xorshiftBytes(23, 2000);
      await store.create(new Upload({ id, size: bytes.length, offset: 0 }));
      expect(await store.write(Readable.from([bytes]), id, 0)).toBe(bytes.length);
      // The client never heard the answer and resends from the offset it knew.
      expect(await store.write(Readable.from([bytes]), id, 0)).toBe(bytes.length);
      expect((await get().objects.bytes(id)).equals(bytes)).toBe(true);
      expect((await store.getUpload(id)).offset).toBe(bytes.length);
      expect(registered).toEqual([id]);
    },
  );

  it.skipIf(skip)('the tus store tags its objects where tagging is on (S3_TAGGING)', async () => {
    const { s3 } = get();
    const store = new S3UploadStore({
      partSize: UPLOAD_PART_SIZE,
      minPartSize: UPLOAD_PART_SIZE,
      useTags: true,
      expirationPeriodInMilliseconds: UPLOAD_EXPIRY_MS,
      s3ClientConfig: { ...s3ClientConfig(s3.config), bucket: s3.bucket },
    });
    const id = `originals/tagged-${backend}`;
    const bytes = xorshiftBytes(19, 1000);
    await store.create(new Upload({ id, size: bytes.length, offset: 0 }));
    const tags = async () =>
      (
        await s3.client.send(new GetObjectTaggingCommand({ Bucket: s3.bucket, Key: `${id}.info` }))
      ).TagSet?.map((tag) => `${tag.Key}=${tag.Value}`);
    expect(await tags()).toEqual(['Tus-Completed=false']);
    expect(await store.write(Readable.from([bytes]), id, 0)).toBe(bytes.length);
    expect(await tags()).toEqual(['Tus-Completed=true']);
  });

  it.skipIf(skip)(
    'terminating an unfinished upload aborts its multipart upload and removes its objects',
    async () => {
      const { base, cookie, objects } = get();
      const { location, key } = await create(2 * UPLOAD_PART_SIZE);
      expect((await tusPatch(base, cookie, location, 0, xorshiftBytes(20, UPLOAD_PART_SIZE))).status).toBe(
        204,
      );
      expect(await openMultipartKeys()).toContain(key);
      const deleted = await fetch(new URL(location, base), {
        method: 'DELETE',
        headers: { cookie, 'tus-resumable': '1.0.0' },
      });
      expect(deleted.status).toBe(204);
      expect(await openMultipartKeys()).not.toContain(key);
      expect(await objects.exists(`${key}.info`)).toBe(false);
      expect((await tusOffset(base, cookie, location)).status).toBe(410);
    },
  );

  it.skipIf(skip)(
    'presigned GETs serve ranges and the cache header, and refuse expired or tampered URLs with 403',
    async () => {
      const { s3 } = get();
      const key = `derived/images/presign-${backend}/preview.webp`;
      const body = xorshiftBytes(21, 100_000);
      await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: body }));
      const { url } = await presignGet(s3.client, s3.bucket, key);

      const whole = await fetch(url);
      expect(whole.status).toBe(200);
      expect(whole.headers.get('cache-control')).toMatch(/^private, max-age=\d+$/);
      expect(Buffer.from(await whole.arrayBuffer()).equals(body)).toBe(true);

      const range = await fetch(url, { headers: { range: 'bytes=1000-1999' } });
      expect(range.status).toBe(206);
      expect(range.headers.get('content-range')).toBe(`bytes 1000-1999/${body.length}`);
      expect(Buffer.from(await range.arrayBuffer()).equals(body.subarray(1000, 2000))).toBe(true);
      const suffix = await fetch(url, { headers: { range: 'bytes=-100' } });
      expect(suffix.status).toBe(206);
      expect(Buffer.from(await suffix.arrayBuffer()).equals(body.subarray(-100))).toBe(true);

      // Signed an hour ago: expired. Only the status is the same everywhere (the gateway's 403
      // has no "Request has expired" message), so the player recovers from any 403.
      const stale = await presignGet(s3.client, s3.bucket, key, { now: new Date(Date.now() - 3600_000) });
      const expired = await fetch(stale.url);
      expect(expired.status).toBe(403);
      await expired.arrayBuffer();

      const longer = new URL(url);
      longer.searchParams.set('X-Amz-Expires', '604800');
      expect((await fetch(longer)).status).toBe(403);
      const otherKey = new URL(url);
      otherKey.pathname = otherKey.pathname.replace('preview.webp', 'thumbnail.webp');
      expect((await fetch(otherKey)).status).toBe(403);
      const forged = new URL(url);
      const signature = forged.searchParams.get('X-Amz-Signature') ?? '';
      forged.searchParams.set(
        'X-Amz-Signature',
        `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`,
      );
      expect((await fetch(forged)).status).toBe(403);
    },
  );

  it.skipIf(skip)(
    'answers CORS for the configured origin only, exposing what resumes and seeking need',
    async () => {
      const { s3 } = get();
      const key = `derived/tracks/cors-${backend}/medium.mp3`;
      await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: 'abcdefghij' }));
      const { url } = await presignGet(s3.client, s3.bucket, key);
      const preflight = await fetch(url, {
        method: 'OPTIONS',
        headers: {
          origin: PUBLIC_URL,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'range',
        },
      });
      expect(preflight.status).toBe(200);
      expect(preflight.headers.get('access-control-allow-origin')).toBe(PUBLIC_URL);
      expect(preflight.headers.get('access-control-allow-methods')).toContain('GET');
      const get206 = await fetch(url, { headers: { origin: PUBLIC_URL, range: 'bytes=0-4' } });
      expect(get206.status).toBe(206);
      expect(await get206.text()).toBe('abcde');
      expect(get206.headers.get('access-control-allow-origin')).toBe(PUBLIC_URL);
      expect(get206.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('content-range');
      const other = await fetch(url, { headers: { origin: 'http://evil.example' } });
      await other.arrayBuffer();
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    },
  );

  it.skipIf(skip)('deletes objects in batches, a missing key counting as deleted', async () => {
    const { s3, objects } = get();
    const keys = ['a', 'b', 'c'].map((name) => `derived/images/delete-${backend}/${name}.webp`);
    for (const key of keys)
      await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: key }));
    await deleteObjects(s3.client, s3.bucket, [
      ...keys,
      `derived/images/delete-${backend}/never-written.webp`,
    ]);
    for (const key of keys) expect(await objects.exists(key)).toBe(false);
    expect(await errorName(s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: keys[0] })))).toBe(
      'NotFound',
    );
  });
});
