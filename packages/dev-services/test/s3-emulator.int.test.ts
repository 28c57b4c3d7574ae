import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { createS3Client, s3ClientConfig } from '@party/storage';
import { S3Store } from '@tus/s3-store';
import { Server as TusServer } from '@tus/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningS3Emulator, startS3Emulator } from '../src/s3-emulator';

/**
 * The patched S3 emulator against the real consumers: `@tus/s3-store` driven over HTTP by the tus
 * protocol (with an interrupted PATCH and a resume), and the AWS SDK v3 directly for the calls the
 * emulator did not support or mis-signed (bucket-level paths, ListParts, AbortMultipartUpload,
 * presigned URL expiry).
 */

const MiB = 1024 * 1024;
// DESIGN: partSize = minPartSize, so every non-trailing part has the same size.
const PART_SIZE = 5 * MiB;
const BUCKET = 'party-test';
const TUS_HEADERS = { 'Tus-Resumable': '1.0.0' };

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

function errorName(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'resolved',
    (error: { name?: string }) => error.name ?? 'unknown',
  );
}

async function readBody(client: S3Client, key: string, range?: string): Promise<Buffer> {
  const res = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key, Range: range }));
  return Buffer.from(
    await (res.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
  );
}

let tmp: string;
let emulator: RunningS3Emulator;
let s3: S3Client;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), 'party-s3-emulator-'));
  emulator = await startS3Emulator({ directory: path.join(tmp, 's3'), port: 0, bucket: BUCKET });
  s3 = createS3Client(emulator.config);
});

afterAll(async () => {
  s3?.destroy();
  await emulator?.stop();
  await rm(tmp, { recursive: true, force: true });
});

describe('@tus/s3-store on the S3 emulator', () => {
  let tus: TusServer;
  let httpServer: http.Server;
  let base: string;

  beforeAll(async () => {
    const { config } = emulator;
    const store = new S3Store({
      partSize: PART_SIZE,
      minPartSize: PART_SIZE,
      useTags: false,
      expirationPeriodInMilliseconds: 24 * 60 * 60 * 1000,
      maxConcurrentPartUploads: 2,
      s3ClientConfig: { ...s3ClientConfig(config), bucket: config.bucket },
    });
    tus = new TusServer({ path: '/files', datastore: store });
    httpServer = http.createServer((req, res) => {
      void tus.handle(req, res);
    });
    await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    httpServer?.closeAllConnections();
    await new Promise((resolve) => httpServer?.close(resolve));
  });

  async function createUpload(length: number): Promise<{ url: string; id: string }> {
    const res = await fetch(`${base}/files`, {
      method: 'POST',
      headers: {
        ...TUS_HEADERS,
        'Upload-Length': String(length),
        'Upload-Metadata': `filename ${Buffer.from('set.flac').toString('base64')}`,
      },
    });
    expect(res.status).toBe(201);
    const url = new URL(res.headers.get('location') ?? '', base).href;
    return { url, id: url.split('/').pop() ?? '' };
  }

  function patch(url: string, offset: number, body: Uint8Array) {
    return fetch(url, {
      method: 'PATCH',
      headers: {
        ...TUS_HEADERS,
        'Upload-Offset': String(offset),
        'Content-Type': 'application/offset+octet-stream',
      },
      body,
    });
  }

  async function headOffset(url: string): Promise<{ status: number; offset: number }> {
    const res = await fetch(url, { method: 'HEAD', headers: TUS_HEADERS });
    return { status: res.status, offset: Number(res.headers.get('upload-offset')) };
  }

  /** Announces the whole rest of the file, sends `sendBytes` of it, then kills the connection. */
  async function abortedPatch(url: string, offset: number, rest: Buffer, sendBytes: number): Promise<void> {
    const req = http.request(url, {
      method: 'PATCH',
      headers: {
        ...TUS_HEADERS,
        'Upload-Offset': String(offset),
        'Content-Type': 'application/offset+octet-stream',
        'Content-Length': String(rest.length),
      },
    });
    const failed = new Promise<void>((resolve) => {
      req.on('error', () => resolve()); // expected: socket hang up / ECONNRESET
      req.on('response', (res) => {
        res.resume();
        resolve();
      });
    });
    for (let sent = 0; sent < sendBytes; sent += 256 * 1024) {
      const chunk = rest.subarray(sent, Math.min(sent + 256 * 1024, sendBytes));
      await new Promise<void>((resolve, reject) =>
        req.write(chunk, (err) => (err ? reject(err) : resolve())),
      );
    }
    // Let the server read what was sent before the connection goes away mid-body.
    await new Promise((resolve) => setTimeout(resolve, 300));
    req.destroy();
    await failed;
  }

  async function uploadIdOf(id: string): Promise<string> {
    const info = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: `${id}.info` }));
    const uploadId = info.Metadata?.['upload-id'];
    expect(uploadId).toBeTruthy();
    return uploadId as string;
  }

  it('survives an interrupted PATCH, resumes, and stores the exact bytes', async () => {
    const source = randomBytes(12 * MiB + 12_345);
    const { url, id } = await createUpload(source.length);
    const uploadId = await uploadIdOf(id);

    // 1. A first chunk smaller than a part: kept by the store as the `.part` object.
    const first = 3 * MiB;
    const res1 = await patch(url, 0, source.subarray(0, first));
    expect(res1.status).toBe(204);
    expect(Number(res1.headers.get('upload-offset'))).toBe(first);

    // 2. A PATCH at the wrong offset is refused without touching the upload.
    const conflict = await patch(url, first + 1, source.subarray(first + 1, first + 1024));
    expect(conflict.status).toBe(409);
    expect(await headOffset(url)).toEqual({ status: 200, offset: first });

    // 3. The connection dies after ~4 MiB of the rest: whatever the server kept is consistent.
    await abortedPatch(url, first, source.subarray(first), 4 * MiB);
    const afterAbort = await headOffset(url);
    expect(afterAbort.status).toBe(200);
    expect(afterAbort.offset).toBeGreaterThanOrEqual(0);
    expect(afterAbort.offset).toBeLessThanOrEqual(first + 4 * MiB);
    // The offset is made of complete S3 parts (ListParts) plus at most one `.part` object.
    const parts = await s3.send(new ListPartsCommand({ Bucket: BUCKET, Key: id, UploadId: uploadId }));
    for (const part of parts.Parts ?? []) {
      expect(part.Size).toBe(PART_SIZE);
    }

    // 4. Resume from the offset the server reported and finish.
    const res2 = await patch(url, afterAbort.offset, source.subarray(afterAbort.offset));
    expect(res2.status).toBe(204);
    expect(Number(res2.headers.get('upload-offset'))).toBe(source.length);
    expect(await headOffset(url)).toEqual({ status: 200, offset: source.length });

    // 5. S3 holds exactly the source: CompleteMultipartUpload stitched the parts in order.
    const head = await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: id }));
    expect(head.ContentLength).toBe(source.length);
    expect(sha256(await readBody(s3, id))).toBe(sha256(source));
    // The multipart upload is gone and the incomplete-part object was cleaned up.
    expect(
      await errorName(s3.send(new ListPartsCommand({ Bucket: BUCKET, Key: id, UploadId: uploadId }))),
    ).toBe('NoSuchUpload');
    expect(await errorName(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: `${id}.part` })))).toBe(
      'NotFound',
    );
  });

  it('terminates an unfinished upload (AbortMultipartUpload)', async () => {
    const { url, id } = await createUpload(12 * MiB);
    const uploadId = await uploadIdOf(id);
    const res = await patch(url, 0, randomBytes(PART_SIZE));
    expect(res.status).toBe(204);
    const parts = await s3.send(new ListPartsCommand({ Bucket: BUCKET, Key: id, UploadId: uploadId }));
    expect(parts.Parts?.map((p) => [p.PartNumber, p.Size])).toEqual([[1, PART_SIZE]]);

    const del = await fetch(url, { method: 'DELETE', headers: TUS_HEADERS });
    expect(del.status).toBe(204);

    expect([404, 410]).toContain((await headOffset(url)).status);
    expect(
      await errorName(s3.send(new ListPartsCommand({ Bucket: BUCKET, Key: id, UploadId: uploadId }))),
    ).toBe('NoSuchUpload');
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET }));
    expect(uploads.Uploads?.some((u) => u.UploadId === uploadId) ?? false).toBe(false);
    expect(await errorName(s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: `${id}.info` })))).toBe(
      'NotFound',
    );
  });

  it('runs the expiry sweep (ListMultipartUploads) without touching live uploads', async () => {
    const { url } = await createUpload(6 * MiB);
    expect(await tus.cleanUpExpiredUploads()).toBe(0);
    expect(await headOffset(url)).toEqual({ status: 200, offset: 0 });
  });
});

describe('S3 emulator via the AWS SDK', () => {
  it('verifies signatures of bucket-level calls (path `/bucket/`)', async () => {
    await s3.send(new HeadBucketCommand({ Bucket: BUCKET }));
    for (const key of ['list/a', 'list/b', 'list/c']) {
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: key }));
    }
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await s3.send(
        new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'list/', MaxKeys: 2, ContinuationToken: token }),
      );
      keys.push(...(page.Contents ?? []).map((o) => o.Key ?? ''));
      token = page.NextContinuationToken;
    } while (token);
    expect(keys).toEqual(['list/a', 'list/b', 'list/c']);

    await s3.send(new CreateBucketCommand({ Bucket: 'party-second' }));
    await s3.send(new HeadBucketCommand({ Bucket: 'party-second' }));
  });

  it('lists parts, aborts, and completes multipart uploads', async () => {
    const key = 'originals/multipart.bin';
    const p1 = randomBytes(PART_SIZE);
    const p2 = randomBytes(1234);
    const { UploadId } = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key }));
    const e1 = (
      await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId, PartNumber: 1, Body: p1 }))
    ).ETag;
    const e2 = (
      await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId, PartNumber: 2, Body: p2 }))
    ).ETag;

    const all = await s3.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId }));
    expect(all.IsTruncated).toBe(false);
    expect(all.Parts?.map((p) => [p.PartNumber, p.Size, p.ETag])).toEqual([
      [1, PART_SIZE, e1],
      [2, 1234, e2],
    ]);
    expect(all.Parts?.[0]?.LastModified).toBeInstanceOf(Date);
    const firstPage = await s3.send(
      new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId, MaxParts: 1 }),
    );
    expect(firstPage.IsTruncated).toBe(true);
    expect(firstPage.Parts?.map((p) => p.PartNumber)).toEqual([1]);
    const rest = await s3.send(
      new ListPartsCommand({
        Bucket: BUCKET,
        Key: key,
        UploadId,
        PartNumberMarker: firstPage.NextPartNumberMarker,
      }),
    );
    expect(rest.Parts?.map((p) => p.PartNumber)).toEqual([2]);

    // Completion is checked like on S3: only the last part may be under 5 MiB, parts must exist.
    await s3.send(new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId, PartNumber: 3, Body: p2 }));
    const complete = (parts: Array<[number, string | undefined]>) =>
      s3.send(
        new CompleteMultipartUploadCommand({
          Bucket: BUCKET,
          Key: key,
          UploadId,
          MultipartUpload: { Parts: parts.map(([PartNumber, ETag]) => ({ PartNumber, ETag })) },
        }),
      );
    expect(
      await errorName(
        complete([
          [2, e2],
          [3, e2],
        ]),
      ),
    ).toBe('EntityTooSmall');
    expect(
      await errorName(
        complete([
          [1, e1],
          [4, e2],
        ]),
      ),
    ).toBe('InvalidPart');

    // Part 3 is left out, so S3 discards it.
    await complete([
      [1, e1],
      [2, e2],
    ]);
    const whole = Buffer.concat([p1, p2]);
    expect(sha256(await readBody(s3, key))).toBe(sha256(whole));
    expect(await readBody(s3, key, 'bytes=0-0')).toEqual(whole.subarray(0, 1));
    expect(await readBody(s3, key, 'bytes=-10')).toEqual(whole.subarray(-10));
    expect(await readBody(s3, key, `bytes=${PART_SIZE - 5}-${PART_SIZE + 4}`)).toEqual(
      whole.subarray(PART_SIZE - 5, PART_SIZE + 5),
    );

    const aborted = await s3.send(
      new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'originals/aborted.bin' }),
    );
    const abortedKey = { Bucket: BUCKET, Key: 'originals/aborted.bin', UploadId: aborted.UploadId };
    await s3.send(new UploadPartCommand({ ...abortedKey, PartNumber: 1, Body: p2 }));
    const listed = await s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET }));
    expect(listed.Uploads?.map((u) => u.UploadId)).toContain(aborted.UploadId);
    await s3.send(new AbortMultipartUploadCommand(abortedKey));
    expect(await errorName(s3.send(new ListPartsCommand(abortedKey)))).toBe('NoSuchUpload');
    expect(await errorName(s3.send(new AbortMultipartUploadCommand(abortedKey)))).toBe('NoSuchUpload');
    expect(await errorName(s3.send(new UploadPartCommand({ ...abortedKey, PartNumber: 2, Body: p2 })))).toBe(
      'NoSuchUpload',
    );
  });

  it('serves presigned GETs and refuses them once expired', async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'presigned.txt', Body: 'hello' }));
    const command = new GetObjectCommand({ Bucket: BUCKET, Key: 'presigned.txt' });

    const fresh = await fetch(await getSignedUrl(s3, command, { expiresIn: 60 }));
    expect(fresh.status).toBe(200);
    expect(await fresh.text()).toBe('hello');

    // Signed two minutes ago for one minute: expired, without having to wait in the test.
    const stale = await getSignedUrl(s3, command, {
      expiresIn: 60,
      signingDate: new Date(Date.now() - 120_000),
    });
    const expired = await fetch(stale);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('Request has expired');

    const tampered = new URL(await getSignedUrl(s3, command, { expiresIn: 60 }));
    tampered.searchParams.set('X-Amz-Expires', '600');
    expect((await fetch(tampered)).status).toBe(403);
  });

  it('keeps data across restarts and answers CORS for the configured origins', async () => {
    const directory = path.join(tmp, 'restart');
    const origin = 'http://localhost:5173';
    const first = await startS3Emulator({ directory, bucket: 'party-restart', corsOrigins: [origin] });
    const c1 = createS3Client(first.config);
    await c1.send(new PutObjectCommand({ Bucket: 'party-restart', Key: 'kept.txt', Body: 'still here' }));
    c1.destroy();
    await first.stop();

    const second = await startS3Emulator({ directory, bucket: 'party-restart', corsOrigins: [origin] });
    try {
      const c2 = createS3Client(second.config);
      const got = await c2.send(new GetObjectCommand({ Bucket: 'party-restart', Key: 'kept.txt' }));
      expect(await got.Body?.transformToString()).toBe('still here');

      const url = await getSignedUrl(c2, new GetObjectCommand({ Bucket: 'party-restart', Key: 'kept.txt' }));
      c2.destroy();
      const preflight = await fetch(url, {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'GET',
          'Access-Control-Request-Headers': 'range',
        },
      });
      expect(preflight.status).toBe(200);
      expect(preflight.headers.get('access-control-allow-methods')).toContain('GET');
      const get = await fetch(url, { headers: { Origin: origin, Range: 'bytes=0-4' } });
      expect(get.status).toBe(206);
      expect(await get.text()).toBe('still');
      expect(get.headers.get('access-control-allow-origin')).toBe(origin);
      expect(get.headers.get('access-control-expose-headers')).toContain('Content-Range');
      const other = await fetch(url, { headers: { Origin: 'http://evil.example' } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await second.stop();
    }
  });
});
