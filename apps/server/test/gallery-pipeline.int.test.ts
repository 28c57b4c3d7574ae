import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { addImageVariants, createEvent, findImageVariants, findUserByEmail, schema } from '@party/db';
import {
  CAMERA_SERIAL,
  sharp,
  writePhotoJpeg,
  writePngBomb,
  writeRotatedCameraJpeg,
} from '@party/media/test-fixtures';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { finishImageHandler } from '../src/worker/processors/finish-image';
import { sweepOrphans } from '../src/worker/processors/sweep-orphans';
import { startWorker } from '../src/worker/start-worker';
import { bucketObjects } from './bucket-objects';
import { useTestApp } from './test-app';
import { tusUpload } from './tus-client';

const { db, s3, jobs, signIn, listen } = await useTestApp({ uploadLimits: { concurrentPerAdmin: 20 } });
const base = await listen();
const silent = { info: () => {}, warn: () => {}, error: () => {} };
await startWorker({ db, s3: s3.client, bucket: s3.bucket, jobs, log: silent });

const admin = await findUserByEmail(db, 'admin@demo.local');
if (!admin) throw new Error('demo admin missing');
const event = await createEvent(db, {
  title: 'Rooftop',
  slug: 'rooftop',
  eventDate: '2026-06-01',
  createdBy: admin.id,
});
const dir = await mkdtemp(path.join(tmpdir(), 'party-pipeline-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

let cookie = '';
beforeAll(async () => {
  cookie = await signIn('admin@demo.local');
});

async function upload(file: string, filename = path.basename(file)) {
  const key = await tusUpload(base, cookie, await readFile(file), {
    kind: 'image',
    eventId: event.id,
    filename,
    filetype: 'image/jpeg',
  });
  const [image] = await db.select().from(schema.images).where(eq(schema.images.originalKey, key));
  if (!image) throw new Error(`no image row for ${key}`);
  return image;
}

/** Waits until the worker has finished with the image (ready or failed). */
function settled(imageId: string) {
  return vi.waitFor(
    async () => {
      const [image] = await db.select().from(schema.images).where(eq(schema.images.id, imageId));
      if (!image || image.status === 'processing') throw new Error(`image ${imageId} not processed yet`);
      return image;
    },
    { timeout: 60_000, interval: 200 },
  );
}

const { bytes: objectBytes, exists } = bucketObjects(s3);

describe('photo pipeline: tus upload, processing job, S3', () => {
  it('turns a rotated camera JPEG with GPS into upright derivatives without any metadata', async () => {
    const file = await writeRotatedCameraJpeg(path.join(dir, 'camera.jpg'));
    const original = await readFile(file);
    expect(original.includes(CAMERA_SERIAL)).toBe(true);
    const image = await settled((await upload(file)).id);
    expect(image).toMatchObject({ status: 'ready', width: 1600, height: 2400, progress: 100 });
    expect(image.takenAt?.toISOString()).toBe('2024-06-01T21:45:10.250Z');
    expect(image.thumbhash).toBeTruthy();

    // The original stays byte for byte what was uploaded.
    expect((await objectBytes(image.originalKey)).equals(original)).toBe(true);
    const variants = await findImageVariants(db, [image.id]);
    expect(variants.map((v) => `${v.variant}.${v.format}`)).toEqual(
      expect.arrayContaining(['thumb.webp', 'preview.webp']),
    );
    for (const variant of variants) {
      const bytes = await objectBytes(variant.key);
      const meta = await sharp(bytes).metadata();
      expect(meta.exif, variant.key).toBeUndefined();
      expect(meta.xmp, variant.key).toBeUndefined();
      expect(meta.iptc, variant.key).toBeUndefined();
      expect(bytes.includes(CAMERA_SERIAL), variant.key).toBe(false);
      expect(meta.height, variant.key).toBeGreaterThan(meta.width ?? 0);
    }
  });

  it('is ready with WebP; the full-size JPEG and AVIF preview follow from finish-image, without metadata', async () => {
    // Not the rotated camera JPEG of the first test: the same bytes again would be a duplicate.
    const file = await writePhotoJpeg(path.join(dir, 'full.jpg'), 1800, 1200, 21);
    const image = await settled((await upload(file)).id);
    expect(image.status).toBe('ready');
    const variants = await vi.waitFor(
      async () => {
        const rows = await findImageVariants(db, [image.id]);
        if (!rows.some((v) => v.variant === 'full')) throw new Error('no full-size JPEG yet');
        return rows;
      },
      { timeout: 60_000, interval: 200 },
    );
    expect(variants.map((v) => `${v.variant}.${v.format}`).sort()).toEqual(
      expect.arrayContaining(['full.jpeg', 'preview.webp', 'thumb.webp']),
    );
    const full = variants.find((v) => v.variant === 'full');
    const bytes = await objectBytes(full?.key ?? '');
    const meta = await sharp(bytes).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', image.width, image.height]);
    expect(meta.exif).toBeUndefined();
  });

  it('finish-image waits while photos are being processed and puts itself back instead of running', async () => {
    const sent: unknown[] = [];
    const handler = finishImageHandler({
      db,
      s3: s3.client,
      bucket: s3.bucket,
      log: silent,
      jobs: { send: async (name, payload) => void sent.push({ name, payload }) },
      queues: { hasWork: async () => true },
    });
    const imageId = '00000000-0000-4000-8000-000000000001';
    const aborted = AbortSignal.abort();
    await handler({ imageId }, { jobId: 'x', retryCount: 0, signal: aborted });
    expect(sent).toEqual([{ name: 'finish-image', payload: { imageId } }]);
  });

  it('stores no late derivative for a photo that is no longer ready (deleted meanwhile)', async () => {
    const file = await writePhotoJpeg(path.join(dir, 'late.jpg'), 800, 600, 11);
    const image = await settled((await upload(file)).id);
    await db.update(schema.images).set({ status: 'deleting' }).where(eq(schema.images.id, image.id));
    const before = await findImageVariants(db, [image.id]);
    const stored = await addImageVariants(db, image.id, [
      {
        variant: 'full',
        format: 'jpeg',
        key: `derived/images/${image.id}/full.jpeg`,
        width: 800,
        height: 600,
        bytes: 1,
      },
    ]);
    expect(stored).toBe(false);
    expect(await findImageVariants(db, [image.id])).toEqual(before);
  });

  it('ends a corrupt JPEG, a renamed non-image and a decompression bomb as failed with a reason', async () => {
    const good = await readFile(await writePhotoJpeg(path.join(dir, 'good.jpg'), 1200, 800));
    await writeFile(path.join(dir, 'corrupt.jpg'), good.subarray(0, Math.floor(good.length / 2)));
    await writeFile(path.join(dir, 'notes.jpg'), 'Shopping list: glow sticks, water, earplugs\n'.repeat(50));
    await writePngBomb(path.join(dir, 'bomb.png'));
    const results = await Promise.all(
      ['corrupt.jpg', 'notes.jpg', 'bomb.png'].map(async (name) =>
        settled((await upload(path.join(dir, name))).id),
      ),
    );
    for (const image of results) {
      expect(image.status, image.originalName).toBe('failed');
      expect(image.failureReason, image.originalName).toMatch(/\w+ \w+/);
      // The file itself is refused: the admin is offered Remove, not a Retry that fails again.
      expect(image.failureRetryable, image.originalName).toBe(false);
    }
    const [corrupt, notes, bomb] = results;
    expect(corrupt?.failureReason).toMatch(/corrupt|damaged|incomplete|truncated/i);
    expect(notes?.failureReason).toMatch(/not a photo|not an image|unsupported|text/i);
    expect(bomb?.failureReason).toMatch(/too large|pixels|megapixel/i);
  });

  it('flags a second upload of the same photo instead of storing it twice', async () => {
    const file = await writePhotoJpeg(path.join(dir, 'same.jpg'), 900, 600, 7);
    const first = await settled((await upload(file, 'first.jpg')).id);
    const second = await settled((await upload(file, 'second.jpg')).id);
    expect(first.status).toBe('ready');
    expect(second).toMatchObject({ status: 'failed', duplicateOf: first.id });
    expect(await exists(second.originalKey)).toBe(false);
    expect(await exists(first.originalKey)).toBe(true);
  });

  it('deletes S3 objects first, then the rows', async () => {
    const file = await writePhotoJpeg(path.join(dir, 'doomed.jpg'), 800, 600, 3);
    const image = await settled((await upload(file)).id);
    const keys = [image.originalKey, ...(await findImageVariants(db, [image.id])).map((v) => v.key)];
    await db.update(schema.images).set({ status: 'deleting' }).where(eq(schema.images.id, image.id));
    await jobs.queue.send('delete-images', { imageIds: [image.id] });
    await vi.waitFor(
      async () => {
        expect(await db.select().from(schema.images).where(eq(schema.images.id, image.id))).toEqual([]);
      },
      { timeout: 60_000, interval: 200 },
    );
    for (const key of keys) expect(await exists(key), key).toBe(false);
  });

  it('sweeps: reports orphans and missing objects, removes only old orphans', async () => {
    const orphanKey = 'derived/images/00000000-0000-4000-8000-000000000000/thumb.webp';
    await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: orphanKey, Body: 'x' }));
    const file = await writePhotoJpeg(path.join(dir, 'lost.jpg'), 640, 480, 11);
    const lost = await settled((await upload(file)).id);
    await s3.client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: lost.originalKey }));

    const warnings: object[] = [];
    const log = { ...silent, warn: (details: object) => warnings.push(details) };
    const fresh = await sweepOrphans({ db, s3: s3.client, bucket: s3.bucket, log });
    expect(fresh.orphans).toEqual([{ key: orphanKey, size: 1, removed: false }]);
    expect(fresh.missing).toEqual([{ kind: 'image', id: lost.id, key: lost.originalKey }]);
    expect(warnings).toHaveLength(1);
    expect(await exists(orphanKey)).toBe(true);

    const later = new Date(Date.now() + 2 * 24 * 60 * 60 * 1000);
    const old = await sweepOrphans({ db, s3: s3.client, bucket: s3.bucket, log }, { now: later });
    expect(old.orphans).toEqual([{ key: orphanKey, size: 1, removed: true }]);
    expect(await exists(orphanKey)).toBe(false);
  });
});
