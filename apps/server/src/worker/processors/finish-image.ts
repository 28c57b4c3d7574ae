import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  addImageVariants,
  type Database,
  findImageById,
  findImageVariants,
  imageVariantContentTypes,
} from '@party/db';
import type { JobHandler, JobQueue, QueueInspector } from '@party/jobs';
import { finishImage, MediaError } from '@party/media';
import { deleteObjects, downloadToFile, imageVariantKey, uploadFile } from '@party/storage';
import type { WorkerLog } from '../worker-log';

export interface FinishImageDeps {
  db: Database;
  s3: S3Client;
  bucket: string;
  log: WorkerLog;
  jobs: JobQueue;
  queues: Pick<QueueInspector, 'hasWork'>;
}

/** How often a waiting finish looks whether photos are still being made ready. */
const POLL_MS = 2_000;
/** How long one run waits before putting itself back on the queue (one new row a minute, not a row per poll). */
const MAX_WAIT_MS = 60_000;

/**
 * The second stage of a photo, after it is `ready`: the full-size JPEG and (where it pays) the AVIF
 * preview. It yields to `process-image`: while any photo is queued or being processed it waits (and
 * after a minute puts itself back on the queue), so a gallery never waits for these (the cores go
 * to the derivatives members see first); one runs at a time. Until it has run, downloads offer the WebP preview.
 * Idempotent: fixed keys, rows replaced, nothing stored for an image that is no longer `ready`.
 */
export function finishImageHandler(deps: FinishImageDeps): JobHandler<'finish-image'> {
  return async ({ imageId }, job) => {
    if (!(await waitForIdlePhotos(deps.queues, job.signal))) {
      await deps.jobs.send('finish-image', { imageId });
      return;
    }
    const image = await findImageById(deps.db, imageId);
    if (image?.status !== 'ready') return;
    const existing = await findImageVariants(deps.db, [imageId]);
    const webpPreview = existing.find((v) => v.variant === 'preview' && v.format === 'webp');
    if (!webpPreview || existing.some((v) => v.variant === 'full')) return;

    const workDir = await mkdtemp(path.join(tmpdir(), 'party-image-finish-'));
    try {
      const inputPath = path.join(workDir, 'original');
      await downloadToFile(deps.s3, deps.bucket, image.originalKey, inputPath);
      let made: Awaited<ReturnType<typeof finishImage>>;
      try {
        made = await finishImage({ inputPath, outputDir: workDir, webpPreviewBytes: webpPreview.bytes });
      } catch (error) {
        // It decoded a moment ago for the ready stage: keep the photo as it is (preview download).
        if (error instanceof MediaError) {
          deps.log.warn(
            { imageId, err: error },
            'finishing a photo failed; it keeps its WebP preview download',
          );
          return;
        }
        throw error;
      }
      const variants = [];
      for (const variant of made) {
        const key = imageVariantKey(imageId, variant.variant, variant.format);
        const { bytes } = await uploadFile(
          deps.s3,
          deps.bucket,
          key,
          variant.path,
          imageVariantContentTypes[variant.format],
        );
        variants.push({
          variant: variant.variant,
          format: variant.format,
          key,
          width: variant.width,
          height: variant.height,
          bytes,
        });
      }
      if (!(await addImageVariants(deps.db, imageId, variants))) {
        // Deleted (or reset) meanwhile: its deletion never saw these keys.
        await deleteObjects(
          deps.s3,
          deps.bucket,
          variants.map((v) => v.key),
        );
      }
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  };
}

/** True once no `process-image` job is due or running; false after `MAX_WAIT_MS` or when aborted. */
async function waitForIdlePhotos(queues: FinishImageDeps['queues'], signal: AbortSignal): Promise<boolean> {
  const until = Date.now() + MAX_WAIT_MS;
  while (await queues.hasWork('process-image')) {
    if (Date.now() >= until || signal.aborted) return false;
    await sleep(POLL_MS, undefined, { signal }).catch(() => {});
  }
  return true;
}
