import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { createCaller } from '@party/api';
import { createMusicSet, findMusicSet, findUserByEmail, type MusicSet, schema } from '@party/db';
import { CAMERA_SERIAL, sharp, writePhotoJpeg, writeRotatedCameraJpeg } from '@party/media/test-fixtures';
import { createS3Client } from '@party/storage';
import { recordingJobQueue } from '@party/testing';
import { decodeTrpcAnswer, trpcInput } from '@party/testing/trpc-wire';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { processCoverHandler } from '../src/worker/processors/process-cover';
import { startWorker } from '../src/worker/start-worker';
import { bucketObjects } from './bucket-objects';
import { useTestApp } from './test-app';
import { tusCreate, tusUpload } from './tus-client';

const run = promisify(execFile);
const { app, db, s3, jobs, signIn, listen } = await useTestApp({
  uploadLimits: { concurrentPerAdmin: 20 },
});
const base = await listen();
const silent = { info: () => {}, warn: () => {}, error: () => {} };
await startWorker({ db, s3: s3.client, bucket: s3.bucket, jobs, log: silent });

const admin = await findUserByEmail(db, 'admin@demo.local');
if (!admin) throw new Error('demo admin missing');
const dir = await mkdtemp(path.join(tmpdir(), 'party-cover-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

let adminCookie = '';
let memberCookie = '';
beforeAll(async () => {
  adminCookie = await signIn('admin@demo.local');
  memberCookie = await signIn('member@demo.local');
});

const newSet = (title: string) => createMusicSet(db, { title, artist: 'DJ Cover', createdBy: admin.id });

/** Uploads `file` as the set's cover through `/files`; returns the key of the original. */
async function uploadCover(setId: string, file: string, filename = path.basename(file)) {
  return tusUpload(base, adminCookie, await readFile(file), {
    kind: 'cover',
    setId,
    filename,
    filetype: 'image/jpeg',
  });
}

/** A generated photo uploaded as the set's cover, once the worker is done with it. */
async function coverFrom(setId: string, name: string, width: number, height: number, seed: number) {
  await uploadCover(setId, await writePhotoJpeg(path.join(dir, name), width, height, seed));
  return settled(setId);
}

/** Waits until the worker is done with the set's pending cover upload. */
function settled(setId: string): Promise<MusicSet> {
  return vi.waitFor(
    async () => {
      const set = await findMusicSet(db, setId);
      if (!set || set.coverUploadId !== null) throw new Error(`cover of set ${setId} not processed yet`);
      return set;
    },
    { timeout: 60_000, interval: 200 },
  );
}

const { bytes: objectBytes, exists } = bucketObjects(s3);

/** A tRPC call over HTTP with a session cookie: the answer's data or its error code. */
async function trpc(cookie: string, procedure: string, input: unknown, method: 'GET' | 'POST' = 'POST') {
  const response = await app.inject({
    method,
    url:
      method === 'GET'
        ? `/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(trpcInput(input)))}`
        : `/trpc/${procedure}`,
    headers: { 'content-type': 'application/json', cookie },
    ...(method === 'POST' ? { payload: JSON.stringify(trpcInput(input)) } : {}),
  });
  return decodeTrpcAnswer<Record<string, unknown>>(response.json());
}

const uploadUuid = (originalKey: string) => originalKey.replace('originals/', '');

describe('set covers: tus upload, processing job, S3', () => {
  it('refuses cover uploads from members, for unknown sets and of files that are no image', async () => {
    const set = await newSet('Refusals');
    const fields = { kind: 'cover', setId: set.id, filename: 'cover.jpg', filetype: 'image/jpeg' };
    const member = await tusCreate(base, memberCookie, 1000, fields);
    expect(member.status).toBe(403);
    expect(await member.text()).toBe('Only admins can upload.');
    expect((await tusCreate(base, '', 1000, fields)).status).toBe(401);

    const unknown = await tusCreate(base, adminCookie, 1000, {
      ...fields,
      setId: '00000000-0000-4000-8000-000000000000',
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toBe('There is no such music set.');
    const pdf = await tusCreate(base, adminCookie, 1000, { ...fields, filename: 'sleeve.pdf' });
    expect(pdf.status).toBe(415);
    const huge = await tusCreate(base, adminCookie, 31 * 1024 * 1024, fields);
    expect(huge.status).toBe(413);
    expect(await huge.text()).toMatch(/cover images may be at most 30 MB/);
  });

  it('turns a camera JPEG into a square WebP cover without metadata and drops the original', async () => {
    const set = await newSet('First light');
    const file = await writeRotatedCameraJpeg(path.join(dir, 'camera.jpg'));
    expect((await readFile(file)).includes(CAMERA_SERIAL)).toBe(true);
    const originalKey = await uploadCover(set.id, file, '../../Front «sleeve».jpg');
    const [upload] = await db.select().from(schema.uploads).where(eq(schema.uploads.id, originalKey));
    expect(upload).toMatchObject({ kind: 'cover', targetId: set.id, fileName: 'Front «sleeve».jpg' });

    const done = await settled(set.id);
    expect(done.coverKey).toBe(`derived/sets/${set.id}/cover-${uploadUuid(originalKey)}.webp`);
    expect(done.coverFailureReason).toBeNull();
    const bytes = await objectBytes(done.coverKey ?? '');
    const meta = await sharp(bytes).metadata();
    expect(meta).toMatchObject({ format: 'webp', width: 600, height: 600 });
    expect(meta.exif).toBeUndefined();
    expect(meta.xmp).toBeUndefined();
    expect(meta.icc).toBeUndefined();
    expect(bytes.includes(CAMERA_SERIAL)).toBe(false);
    expect(await exists(originalKey)).toBe(false);

    // Admins get a short-lived URL of it with the set.
    const answer = await trpc(adminCookie, 'admin.musicSets.byId', { id: set.id }, 'GET');
    const coverUrl = String(answer.result?.data.coverUrl);
    expect(coverUrl).toContain(`cover-${uploadUuid(originalKey)}.webp`);
    const fetched = await fetch(coverUrl);
    expect(fetched.status).toBe(200);
    expect(Buffer.from(await fetched.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('replaces an earlier cover and removes its object', async () => {
    const set = await newSet('Second wind');
    // A cover from embedded art, as the track pipeline stores it.
    const embeddedKey = `derived/sets/${set.id}/cover.jpg`;
    await s3.client.send(
      new PutObjectCommand({ Bucket: s3.bucket, Key: embeddedKey, Body: 'jpeg', ContentType: 'image/jpeg' }),
    );
    await db.update(schema.musicSets).set({ coverKey: embeddedKey }).where(eq(schema.musicSets.id, set.id));

    const first = await coverFrom(set.id, 'a.jpg', 900, 700, 2);
    expect(first.coverKey).toMatch(/cover-[0-9a-f-]{36}\.webp$/);
    expect(await exists(embeddedKey)).toBe(false);

    const second = await coverFrom(set.id, 'b.jpg', 500, 800, 3);
    expect(second.coverKey).not.toBe(first.coverKey);
    expect(await exists(second.coverKey ?? '')).toBe(true);
    expect(await exists(first.coverKey ?? '')).toBe(false);
    // Never upscaled: a 500 px wide picture gives a 500 px cover.
    expect(await sharp(await objectBytes(second.coverKey ?? '')).metadata()).toMatchObject({
      width: 500,
      height: 500,
    });
  });

  it('refuses a text file named .jpg with a reason and keeps the old cover', async () => {
    const set = await newSet('Keep me');
    const good = await coverFrom(set.id, 'good.jpg', 800, 800, 4);
    const notes = path.join(dir, 'notes.jpg');
    await writeFile(notes, 'Shopping list: glow sticks, water, earplugs\n'.repeat(50));
    const originalKey = await uploadCover(set.id, notes);
    const failed = await settled(set.id);
    expect(failed.coverFailureReason).toMatch(/not a photo/);
    expect(failed.coverKey).toBe(good.coverKey);
    expect(await exists(good.coverKey ?? '')).toBe(true);
    expect(await exists(originalKey)).toBe(false);

    const answer = await trpc(adminCookie, 'admin.musicSets.byId', { id: set.id }, 'GET');
    expect(answer.result?.data).toMatchObject({
      coverUploadId: null,
      coverFailureReason: failed.coverFailureReason,
    });

    // The next good upload clears the reason.
    const next = await coverFrom(set.id, 'next.jpg', 700, 700, 5);
    expect(next.coverFailureReason).toBeNull();
    expect(next.coverKey).not.toBe(good.coverKey);
  });

  it('is idempotent: a retried or superseded job changes nothing but removes its leftovers', async () => {
    const set = await newSet('Retries');
    const applied = await uploadCover(set.id, await writePhotoJpeg(path.join(dir, 'r.jpg'), 640, 640, 6));
    const done = await settled(set.id);
    const handler = processCoverHandler({ db, s3: s3.client, bucket: s3.bucket, log: silent });
    const context = { jobId: 'retry', retryCount: 1, signal: new AbortController().signal };

    // The same job again, after it had finished: the cover stays.
    await handler({ setId: set.id, uploadId: applied }, context);
    expect(await findMusicSet(db, set.id)).toMatchObject({ coverKey: done.coverKey, coverUploadId: null });
    expect(await exists(done.coverKey ?? '')).toBe(true);

    // An older upload whose job runs late, after a newer one was chosen: its objects go, nothing else.
    const stale = 'originals/11111111-1111-4111-8111-111111111111';
    const staleCover = `derived/sets/${set.id}/cover-11111111-1111-4111-8111-111111111111.webp`;
    for (const key of [stale, staleCover]) {
      await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: 'x' }));
    }
    await handler({ setId: set.id, uploadId: stale }, context);
    expect(await exists(stale)).toBe(false);
    expect(await exists(staleCover)).toBe(false);
    expect(await findMusicSet(db, set.id)).toMatchObject({ coverKey: done.coverKey });
    expect(await exists(done.coverKey ?? '')).toBe(true);
  });

  it('never lets embedded art of a later track replace a chosen cover', async () => {
    const set = await newSet('Art attack');
    const chosen = await coverFrom(set.id, 'chosen.jpg', 700, 700, 7);
    const art = await writePhotoJpeg(path.join(dir, 'art.jpg'), 300, 300, 8);
    const flac = path.join(dir, 'with-art.flac');
    await run('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'sine=f=330:d=3:sample_rate=44100',
      '-i',
      art,
      '-map',
      '0:a',
      '-map',
      '1:v',
      '-c:a',
      'flac',
      '-c:v',
      'copy',
      '-disposition:v',
      'attached_pic',
      flac,
    ]);
    const trackKey = await tusUpload(base, adminCookie, await readFile(flac), {
      kind: 'audio',
      setId: set.id,
      filename: 'with-art.flac',
      filetype: 'audio/flac',
    });
    const track = await vi.waitFor(
      async () => {
        const [row] = await db.select().from(schema.tracks).where(eq(schema.tracks.originalKey, trackKey));
        if (!row || row.status === 'processing') throw new Error('track with art not processed yet');
        return row;
      },
      { timeout: 90_000, interval: 200 },
    );
    expect(track.status).toBe('ready');
    expect((await findMusicSet(db, set.id))?.coverKey).toBe(chosen.coverKey);
    expect(await exists(`derived/sets/${set.id}/cover.webp`)).toBe(false);

    // Without a cover, the same art does become the cover (the embedded path still works).
    const bare = await newSet('Bare');
    const bareKey = await tusUpload(base, adminCookie, await readFile(flac), {
      kind: 'audio',
      setId: bare.id,
      filename: 'with-art.flac',
      filetype: 'audio/flac',
    });
    await vi.waitFor(
      async () => {
        const [row] = await db.select().from(schema.tracks).where(eq(schema.tracks.originalKey, bareKey));
        expect(row?.status ?? 'missing').not.toMatch(/processing|missing/);
      },
      { timeout: 90_000, interval: 200 },
    );
    expect((await findMusicSet(db, bare.id))?.coverKey).toBe(`derived/sets/${bare.id}/cover.webp`);
    // Processed like an uploaded cover: a square WebP without the art's metadata.
    const stored = await sharp(await objectBytes(`derived/sets/${bare.id}/cover.webp`)).metadata();
    expect(stored).toMatchObject({ format: 'webp', width: stored.height });
    expect(stored.exif).toBeUndefined();
  });

  it('removes a cover: the S3 object first, then the column; members are refused', async () => {
    const set = await newSet('Bare again');
    const done = await coverFrom(set.id, 'gone.jpg', 640, 640, 9);
    const key = done.coverKey ?? '';
    expect(await exists(key)).toBe(true);

    const refused = await trpc(memberCookie, 'admin.musicSets.removeCover', { id: set.id });
    expect(refused.error?.data.code).toBe('FORBIDDEN');
    const missing = await trpc(adminCookie, 'admin.musicSets.removeCover', {
      id: '00000000-0000-4000-8000-000000000000',
    });
    expect(missing.error?.data.code).toBe('NOT_FOUND');

    // S3 unreachable: the deletion fails first, so the column still names the (still present) object.
    const unreachable = createS3Client({ ...s3.config, endpoint: 'http://127.0.0.1:9' });
    const viewer = { id: admin.id, email: admin.email, name: admin.name, role: 'admin' as const };
    const broken = createCaller({
      db,
      viewer,
      publicUrl: 'http://localhost:3000',
      delivery: {
        url: async () => {
          throw new Error('not used');
        },
      },
      storage: { client: unreachable, bucket: s3.bucket },
      jobs: recordingJobQueue(),
    });
    await expect(broken.admin.musicSets.removeCover({ id: set.id })).rejects.toMatchObject({
      code: 'INTERNAL_SERVER_ERROR',
      message: expect.stringMatching(/try again/),
    });
    unreachable.destroy();
    expect((await findMusicSet(db, set.id))?.coverKey).toBe(key);
    expect(await exists(key)).toBe(true);

    const removed = await trpc(adminCookie, 'admin.musicSets.removeCover', { id: set.id });
    expect(removed.result?.data).toEqual({ id: set.id });
    expect(await exists(key)).toBe(false);
    expect(await findMusicSet(db, set.id)).toMatchObject({ coverKey: null, coverFailureReason: null });
    const answer = await trpc(adminCookie, 'admin.musicSets.byId', { id: set.id }, 'GET');
    expect(answer.result?.data.coverUrl).toBeNull();
    // Again: nothing left to remove is no error.
    expect((await trpc(adminCookie, 'admin.musicSets.removeCover', { id: set.id })).result?.data).toEqual({
      id: set.id,
    });
  });

  it('deletes an empty set with its cover object, the object first', async () => {
    const set = await newSet('Short lived');
    const done = await coverFrom(set.id, 'brief.jpg', 640, 640, 11);
    const key = done.coverKey ?? '';
    expect(await exists(key)).toBe(true);
    const deleted = await trpc(adminCookie, 'admin.musicSets.delete', { id: set.id });
    expect(deleted.result?.data).toEqual({ id: set.id });
    expect(await exists(key)).toBe(false);
    expect(await findMusicSet(db, set.id)).toBeUndefined();
  });
});
