/*
 * tus 1.0.0 conformance of `/files`: the core protocol and the extensions it advertises
 * (creation, creation-with-upload, termination, expiration), one row per rule, over real HTTP.
 * Modelled on the public tus compliance suites (tus-ruby-server's features, lua-tus-server's
 * suite); the rows where `@tus/server` alone answers otherwise are marked "edge".
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createEvent, findUserByEmail, schema } from '@party/db';
import { listMultipartUploads, listObjects } from '@party/storage';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { UPLOAD_EXPIRY_MS } from '../src/uploads/tus-protocol';
import { sweepExpiredUploads } from '../src/worker/processors/sweep-expired-uploads';
import { useTestApp } from './test-app';
import { tusMetadata } from './tus-client';

const MAX_SIZE = 2 * 1024 ** 3;
const { db, s3, signIn, listen } = await useTestApp({ uploadLimits: { concurrentPerAdmin: 1000 } });
const base = await listen();

const admin = await findUserByEmail(db, 'admin@demo.local');
if (!admin) throw new Error('demo admin missing');
const event = await createEvent(db, {
  title: 'Conformance',
  slug: 'conformance',
  eventDate: '2026-12-01',
  createdBy: admin.id,
});

let cookie = '';
beforeAll(async () => {
  cookie = await signIn('admin@demo.local');
});

const SIZE = 1000;
const OCTETS = 'application/offset+octet-stream';
/** RFC 7231 IMF-fixdate, as tus requires for Upload-Expires. */
const HTTP_DATE = /^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const metadata = tusMetadata({ kind: 'image', eventId: event.id, filename: 'photo.jpg' });

/** What a row's request is sent to: the collection, or an upload brought into a given state. */
type Target = 'collection' | 'unknown' | 'fresh' | 'half' | 'cancelled' | 'expired';

interface Row {
  name: string;
  target: Target;
  method: 'OPTIONS' | 'POST' | 'HEAD' | 'PATCH' | 'DELETE';
  /** Sent on top of the session cookie and `Tus-Resumable: 1.0.0`; undefined removes a header. */
  headers?: Record<string, string | undefined>;
  body?: number;
  status: number;
  /** Expected response headers: a value, a pattern, or null for "absent". */
  expect?: Record<string, string | RegExp | null>;
}

const send = (url: string, method: string, headers: Record<string, string | undefined>, body?: number) => {
  const sent: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) sent[name] = value;
  return fetch(url, { method, headers: sent, body: body === undefined ? undefined : randomBytes(body) });
};

const tusHeaders = () => ({ cookie, 'tus-resumable': '1.0.0' });

async function createUpload(): Promise<string> {
  const created = await send(`${base}/files`, 'POST', {
    ...tusHeaders(),
    'upload-length': String(SIZE),
    'upload-metadata': metadata,
  });
  expect(created.status).toBe(201);
  return new URL(created.headers.get('location') ?? '', base).href;
}

/** Brings an upload into the row's state and returns the URL to send the row's request to. */
async function prepare(target: Target): Promise<string> {
  if (target === 'collection') return `${base}/files`;
  if (target === 'unknown') return `${base}/files/${randomUUID()}`;
  const url = await createUpload();
  if (target === 'half') {
    const patched = await send(
      url,
      'PATCH',
      { ...tusHeaders(), 'content-type': OCTETS, 'upload-offset': '0' },
      400,
    );
    expect(patched.status).toBe(204);
  }
  if (target === 'cancelled') expect((await send(url, 'DELETE', tusHeaders())).status).toBe(204);
  if (target === 'expired') {
    // The row says when the upload started; moving that back a day is all expiry needs.
    const id = `originals/${url.split('/').pop()}`;
    await db
      .update(schema.uploads)
      .set({ createdAt: new Date(Date.now() - UPLOAD_EXPIRY_MS - 60_000) })
      .where(eq(schema.uploads.id, id));
  }
  return url;
}

const creation = { 'upload-length': String(SIZE), 'upload-metadata': metadata };
const patchAt = (offset: number) => ({ 'content-type': OCTETS, 'upload-offset': String(offset) });

const rows: Row[] = [
  // Core: OPTIONS
  {
    name: 'OPTIONS lists Tus-Version, exactly the extensions offered (edge) and Tus-Max-Size, without Tus-Resumable',
    target: 'collection',
    method: 'OPTIONS',
    headers: { cookie: undefined, 'tus-resumable': undefined },
    status: 204,
    expect: {
      'tus-version': '1.0.0',
      'tus-extension': 'creation,creation-with-upload,termination,expiration',
      'tus-max-size': String(MAX_SIZE),
    },
  },
  // Core: Tus-Resumable on every other request
  {
    name: 'POST without Tus-Resumable is 412 with Tus-Version (edge)',
    target: 'collection',
    method: 'POST',
    headers: { ...creation, 'tus-resumable': undefined },
    status: 412,
    expect: { 'tus-version': '1.0.0' },
  },
  {
    name: 'POST with an unsupported Tus-Resumable is 412 with Tus-Version (edge)',
    target: 'collection',
    method: 'POST',
    headers: { ...creation, 'tus-resumable': '2.0.0' },
    status: 412,
    expect: { 'tus-version': '1.0.0' },
  },
  {
    name: 'HEAD without Tus-Resumable is 412 with Tus-Version (edge)',
    target: 'fresh',
    method: 'HEAD',
    headers: { 'tus-resumable': undefined },
    status: 412,
    expect: { 'tus-version': '1.0.0' },
  },
  {
    name: 'PATCH with an unsupported Tus-Resumable is 412 with Tus-Version (edge)',
    target: 'fresh',
    method: 'PATCH',
    headers: { ...patchAt(0), 'tus-resumable': '0.2.2' },
    body: 10,
    status: 412,
    expect: { 'tus-version': '1.0.0' },
  },
  {
    name: 'DELETE without Tus-Resumable is 412 with Tus-Version (edge)',
    target: 'fresh',
    method: 'DELETE',
    headers: { 'tus-resumable': undefined },
    status: 412,
    expect: { 'tus-version': '1.0.0' },
  },
  // Core: HEAD
  {
    name: 'HEAD of a new upload: offset 0, its length and metadata, never cached',
    target: 'fresh',
    method: 'HEAD',
    status: 200,
    expect: {
      'upload-offset': '0',
      'upload-length': String(SIZE),
      'upload-metadata': /(^|,)kind aW1hZ2U=(,|$)/,
      'cache-control': 'no-store',
    },
  },
  {
    name: 'HEAD of a half-sent upload gives the offset to resume from, never cached',
    target: 'half',
    method: 'HEAD',
    status: 200,
    expect: { 'upload-offset': '400', 'cache-control': 'no-store' },
  },
  {
    name: 'HEAD of an unknown upload is 404, never cached (edge)',
    target: 'unknown',
    method: 'HEAD',
    status: 404,
    expect: { 'cache-control': 'no-store' },
  },
  // Core: PATCH
  {
    name: 'PATCH appends and answers the new offset and Upload-Expires',
    target: 'fresh',
    method: 'PATCH',
    headers: patchAt(0),
    body: 400,
    status: 204,
    expect: { 'upload-offset': '400', 'upload-expires': HTTP_DATE },
  },
  {
    name: 'PATCH resuming at the offset HEAD gave finishes the upload (no Upload-Expires then)',
    target: 'half',
    method: 'PATCH',
    headers: patchAt(400),
    body: SIZE - 400,
    status: 204,
    expect: { 'upload-offset': String(SIZE), 'upload-expires': null },
  },
  {
    name: 'PATCH at an offset other than the upload’s is 409',
    target: 'half',
    method: 'PATCH',
    headers: patchAt(0),
    body: 100,
    status: 409,
  },
  {
    name: 'PATCH with a Content-Type other than application/offset+octet-stream is 415 (edge)',
    target: 'fresh',
    method: 'PATCH',
    headers: { ...patchAt(0), 'content-type': 'application/octet-stream' },
    body: 100,
    status: 415,
  },
  {
    name: 'PATCH without a Content-Type is 415 (edge)',
    target: 'fresh',
    method: 'PATCH',
    headers: { 'upload-offset': '0' },
    body: 100,
    status: 415,
  },
  {
    name: 'PATCH without Upload-Offset is 400 (edge)',
    target: 'fresh',
    method: 'PATCH',
    headers: { 'content-type': OCTETS },
    body: 100,
    status: 400,
  },
  {
    name: 'PATCH with a negative Upload-Offset is 400',
    target: 'fresh',
    method: 'PATCH',
    headers: patchAt(-1),
    body: 100,
    status: 400,
  },
  {
    name: 'PATCH past Upload-Length is 413',
    target: 'fresh',
    method: 'PATCH',
    headers: patchAt(0),
    body: SIZE + 1,
    status: 413,
  },
  {
    name: 'PATCH of a half-sent upload past Upload-Length is 413',
    target: 'half',
    method: 'PATCH',
    headers: patchAt(400),
    body: SIZE - 400 + 1,
    status: 413,
  },
  {
    name: 'PATCH of an unknown upload is 404',
    target: 'unknown',
    method: 'PATCH',
    headers: patchAt(0),
    body: 10,
    status: 404,
  },
  // Creation
  {
    name: 'POST creates an upload: 201, Location, Upload-Expires',
    target: 'collection',
    method: 'POST',
    headers: creation,
    status: 201,
    expect: { location: /^\/files\/[0-9a-f-]{36}$/, 'upload-expires': HTTP_DATE },
  },
  {
    name: 'POST without Upload-Length is 400 (deferred length is not offered)',
    target: 'collection',
    method: 'POST',
    headers: { ...creation, 'upload-length': undefined },
    status: 400,
  },
  {
    name: 'POST with Upload-Defer-Length instead of Upload-Length is 400',
    target: 'collection',
    method: 'POST',
    headers: { ...creation, 'upload-length': undefined, 'upload-defer-length': '1' },
    status: 400,
  },
  {
    name: 'POST with Upload-Length past Tus-Max-Size is 413',
    target: 'collection',
    method: 'POST',
    headers: { ...creation, 'upload-length': String(MAX_SIZE + 1) },
    status: 413,
  },
  // Creation with upload
  {
    name: 'POST with the first bytes creates the upload and answers their offset',
    target: 'collection',
    method: 'POST',
    headers: { ...creation, 'content-type': OCTETS },
    body: 400,
    status: 201,
    expect: { location: /^\/files\/[0-9a-f-]{36}$/, 'upload-offset': '400', 'upload-expires': HTTP_DATE },
  },
  {
    name: 'POST with all the bytes creates a finished upload',
    target: 'collection',
    method: 'POST',
    headers: { ...creation, 'content-type': OCTETS },
    body: SIZE,
    status: 201,
    expect: { 'upload-offset': String(SIZE), 'upload-expires': null },
  },
  // Termination
  {
    name: 'DELETE of an unfinished upload is 204',
    target: 'half',
    method: 'DELETE',
    status: 204,
  },
  {
    name: 'DELETE of an unknown upload is 404',
    target: 'unknown',
    method: 'DELETE',
    status: 404,
  },
  {
    name: 'HEAD after termination is 410, never cached (edge)',
    target: 'cancelled',
    method: 'HEAD',
    status: 410,
    expect: { 'cache-control': 'no-store' },
  },
  {
    name: 'PATCH after termination is 410 (edge)',
    target: 'cancelled',
    method: 'PATCH',
    headers: patchAt(0),
    body: 10,
    status: 410,
  },
  {
    name: 'DELETE after termination is 410 (edge)',
    target: 'cancelled',
    method: 'DELETE',
    status: 410,
  },
  // Expiration
  {
    name: 'HEAD of an expired upload is 410 (edge)',
    target: 'expired',
    method: 'HEAD',
    status: 410,
  },
  {
    name: 'PATCH of an expired upload is 410 (edge)',
    target: 'expired',
    method: 'PATCH',
    headers: patchAt(0),
    body: 10,
    status: 410,
  },
];

describe('/files speaks tus 1.0.0', () => {
  it.each(rows)('$name', async (row) => {
    const url = await prepare(row.target);
    const response = await send(url, row.method, { ...tusHeaders(), ...row.headers }, row.body);
    const body = row.method === 'HEAD' ? '' : await response.text();
    expect(response.status, body).toBe(row.status);
    // Every answer names the protocol version it speaks.
    expect(response.headers.get('tus-resumable')).toBe('1.0.0');
    for (const [name, expected] of Object.entries(row.expect ?? {})) {
      const actual = response.headers.get(name);
      if (expected === null) expect(actual, name).toBeNull();
      else if (expected instanceof RegExp) expect(actual, name).toMatch(expected);
      else expect(actual, name).toBe(expected);
    }
    // Refusals are sentences a person can read.
    if (row.status >= 400 && row.method !== 'HEAD') expect(body.trim()).toMatch(/\S/);
  });

  it('CORS answers name only trusted origins, never *', async () => {
    const preflight = (origin: string) =>
      send(`${base}/files`, 'OPTIONS', {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'tus-resumable,upload-length',
      });
    const trusted = await preflight('http://127.0.0.1:3000');
    expect(trusted.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:3000');
    const foreign = await preflight('https://evil.example');
    expect(foreign.headers.get('access-control-allow-origin')).not.toMatch(/\*|evil/);
  });

  it('refusals at the edge are plain sentences', async () => {
    const url = await prepare('fresh');
    const wrongType = await send(
      url,
      'PATCH',
      { ...tusHeaders(), ...patchAt(0), 'content-type': 'text/plain' },
      10,
    );
    expect(await wrongType.text()).toBe(
      'PATCH requests must have Content-Type: application/offset+octet-stream.',
    );
    const noVersion = await send(url, 'PATCH', { ...patchAt(0), cookie }, 10);
    expect(await noVersion.text()).toBe('Tus-Resumable is required: this server speaks tus 1.0.0.');
  });
});

describe('expired uploads', () => {
  const quietLog = { info() {}, warn() {}, error() {} };
  const s3State = async (key: string) => {
    const multipart: string[] = [];
    for await (const upload of listMultipartUploads(s3.client, s3.bucket, key)) multipart.push(upload.key);
    const objects: string[] = [];
    for await (const object of listObjects(s3.client, s3.bucket, key)) objects.push(object.key);
    return { multipart, objects };
  };

  it('the sweep aborts the S3 multipart upload of an expired upload and removes its objects', async () => {
    const expiredUrl = await prepare('half');
    const runningUrl = await prepare('half');
    const expiredKey = `originals/${expiredUrl.split('/').pop()}`;
    const runningKey = `originals/${runningUrl.split('/').pop()}`;
    await db
      .update(schema.uploads)
      .set({ createdAt: new Date(Date.now() - UPLOAD_EXPIRY_MS - 60_000) })
      .where(eq(schema.uploads.id, expiredKey));
    const before = await s3State(expiredKey);
    expect(before.multipart).toEqual([expiredKey]);
    expect(before.objects).toContain(`${expiredKey}.info`);

    const report = await sweepExpiredUploads({ db, s3: s3.client, bucket: s3.bucket, log: quietLog });

    // The rows above left expired uploads of their own: only the running one must be untouched.
    expect(report.expired).toContain(expiredKey);
    expect(report.multipartAborted).toContain(expiredKey);
    expect([...report.expired, ...report.multipartAborted]).not.toContain(runningKey);
    expect(await s3State(expiredKey)).toEqual({ multipart: [], objects: [] });
    const row = await db.query.uploads.findFirst({ where: eq(schema.uploads.id, expiredKey) });
    expect(row?.status).toBe('aborted');
    expect((await send(expiredUrl, 'HEAD', tusHeaders())).status).toBe(410);
    // An upload within its day is left alone and still resumes.
    expect((await s3State(runningKey)).multipart).toEqual([runningKey]);
    const resumed = await send(runningUrl, 'PATCH', { ...tusHeaders(), ...patchAt(400) }, SIZE - 400);
    expect(resumed.status).toBe(204);
  });

  it('the sweep aborts a multipart upload S3 kept past the expiry even without an upload row', async () => {
    const url = await prepare('half');
    const key = `originals/${url.split('/').pop()}`;
    const later = new Date(Date.now() + UPLOAD_EXPIRY_MS + 2 * 60 * 60 * 1000);
    await db.delete(schema.uploads).where(eq(schema.uploads.id, key));

    const report = await sweepExpiredUploads({ db, s3: s3.client, bucket: s3.bucket, log: quietLog }, later);

    expect(report.multipartAborted).toContain(key);
    expect((await s3State(key)).multipart).toEqual([]);
  });
});
