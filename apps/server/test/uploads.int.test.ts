import { createHash, randomBytes } from 'node:crypto';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { createUserWithPassword } from '@party/api/auth';
import { createEvent, findUserByEmail, schema } from '@party/db';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useTestApp } from './test-app';
import { tusCreate, tusPatch } from './tus-client';

const { db, auth, s3, signIn, listen } = await useTestApp({
  uploadLimits: { concurrentPerAdmin: 2, maxImageBytes: 5 * 1024 * 1024 },
});
const base = await listen();

const admin = await findUserByEmail(db, 'admin@demo.local');
if (!admin) throw new Error('demo admin missing');
const event = await createEvent(db, {
  title: 'Night',
  slug: 'night',
  eventDate: '2026-11-20',
  createdBy: admin.id,
});
await createUserWithPassword(auth, {
  email: 'second@demo.local',
  password: 'second-admin-pass',
  name: 'Second',
  role: 'admin',
});

let adminCookie = '';
let secondCookie = '';
let memberCookie = '';
beforeAll(async () => {
  adminCookie = await signIn('admin@demo.local');
  secondCookie = await signIn('second@demo.local', 'second-admin-pass');
  memberCookie = await signIn('member@demo.local');
});

const create = (cookie: string, size: number, fields: Record<string, string> = {}, headers = {}) =>
  tusCreate(
    base,
    cookie,
    size,
    { kind: 'image', eventId: event.id, filename: 'photo.jpg', filetype: 'image/jpeg', ...fields },
    headers,
  );
const patch = (cookie: string, location: string, offset: number, body: Uint8Array) =>
  tusPatch(base, cookie, location, offset, body);

describe('/files (tus)', () => {
  it('refuses anonymous and member uploads', async () => {
    expect((await create('', 10)).status).toBe(401);
    const member = await create(memberCookie, 10);
    expect(member.status).toBe(403);
    expect(await member.text()).toBe('Only admins can upload.');
  });

  it('uploads a photo into S3 byte for byte and queues its processing', async () => {
    const bytes = randomBytes(300_000);
    const member = await findUserByEmail(db, 'member@demo.local');
    // A client-sent owner header is overwritten with the session's user.
    const created = await create(
      adminCookie,
      bytes.length,
      { filename: '../../etc/Über "night".jpg' },
      { 'x-party-upload-owner': member?.id ?? '' },
    );
    expect(created.status).toBe(201);
    const location = created.headers.get('location') ?? '';
    expect(location).toMatch(/^\/files\/[0-9a-f-]{36}$/);

    expect((await patch(adminCookie, location, 0, bytes.subarray(0, 100_000))).status).toBe(204);
    const wrongOffset = await patch(adminCookie, location, 5, bytes.subarray(5, 10));
    expect(wrongOffset.status).toBe(409);
    const head = await fetch(new URL(location, base), {
      method: 'HEAD',
      headers: { cookie: adminCookie, 'tus-resumable': '1.0.0' },
    });
    expect(head.headers.get('upload-offset')).toBe('100000');
    expect((await patch(adminCookie, location, 100_000, bytes.subarray(100_000))).status).toBe(204);

    const key = `originals/${location.split('/').pop()}`;
    const object = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
    const stored = Buffer.from(await (object.Body?.transformToByteArray() ?? new Uint8Array()));
    expect(createHash('sha256').update(stored).digest('hex')).toBe(
      createHash('sha256').update(bytes).digest('hex'),
    );

    const [image] = await db.select().from(schema.images).where(eq(schema.images.originalKey, key));
    expect(image).toMatchObject({
      status: 'processing',
      visibility: 'draft',
      originalName: 'Über "night".jpg',
      bytes: bytes.length,
    });
    const [upload] = await db.select().from(schema.uploads).where(eq(schema.uploads.id, key));
    expect(upload).toMatchObject({ status: 'complete', ownerId: admin.id });
  });

  it("does not let a second admin touch the first admin's upload", async () => {
    const created = await create(adminCookie, 1000);
    const location = created.headers.get('location') ?? '';
    const foreignPatch = await patch(secondCookie, location, 0, randomBytes(1000));
    expect(foreignPatch.status).toBe(403);
    const foreignDelete = await fetch(new URL(location, base), {
      method: 'DELETE',
      headers: { cookie: secondCookie, 'tus-resumable': '1.0.0' },
    });
    expect(foreignDelete.status).toBe(403);
    // The owner can still cancel it.
    const ownDelete = await fetch(new URL(location, base), {
      method: 'DELETE',
      headers: { cookie: adminCookie, 'tus-resumable': '1.0.0' },
    });
    expect(ownDelete.status).toBe(204);
  });

  it('answers 429 with Retry-After past the concurrent upload limit', async () => {
    // The limit is 2 per admin: the second admin starts two uploads and is refused a third.
    expect((await create(secondCookie, 1000)).status).toBe(201);
    expect((await create(secondCookie, 1000)).status).toBe(201);
    const third = await create(secondCookie, 1000);
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('30');
    expect(await third.text()).toMatch(/at most 2 at once/);
  });

  it('refuses wrong types, oversize files, bad metadata and unknown upload ids clearly', async () => {
    const pdf = await create(adminCookie, 1000, { filename: 'flyer.pdf' });
    expect(pdf.status).toBe(415);
    const huge = await create(adminCookie, 6 * 1024 * 1024);
    expect(huge.status).toBe(413);
    expect(await huge.text()).toMatch(/at most 5 MB/);
    const noEvent = await create(adminCookie, 1000, { eventId: 'nope' });
    expect(noEvent.status).toBe(400);
    const traversal = await fetch(`${base}/files/..%2F..%2Fetc`, {
      method: 'HEAD',
      headers: { cookie: adminCookie, 'tus-resumable': '1.0.0' },
    });
    expect(traversal.status).toBe(404);
  });
});
