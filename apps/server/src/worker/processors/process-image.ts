import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import {
  type Database,
  findDuplicateImage,
  findImageById,
  imageVariantContentTypes,
  markImageDuplicate,
  markImageFailed,
  markImageReady,
  setImageProgress,
} from '@party/db';
import { type JobHandler, type JobQueue, jobDefinitions, lastAttemptReason } from '@party/jobs';
import { MediaError, processImage } from '@party/media';
import { deleteObjects, downloadToFile, imageVariantKey, uploadFile } from '@party/storage';
import type { WorkerLog } from '../worker-log';

export interface ProcessImageDeps {
  db: Database;
  s3: S3Client;
  bucket: string;
  log: WorkerLog;
  jobs: JobQueue;
}

const CONTENT_TYPES = imageVariantContentTypes;

/**
 * Turns an uploaded photo into the derivatives it is `ready` with (WebP thumb and preview), then
 * queues `finish-image` for its full-size JPEG and AVIF preview. Idempotent: an image that is no longer
 * `processing` is left alone, derivatives are written under fixed keys (a retry overwrites them)
 * and the image only becomes `ready` after every object is in S3. A file that cannot be processed
 * ends `failed` with the reason; any other error is retried by the queue.
 */
export function processImageHandler(deps: ProcessImageDeps): JobHandler<'process-image'> {
  return async ({ imageId }, job) => {
    const image = await findImageById(deps.db, imageId);
    if (image?.status !== 'processing') return;
    const workDir = await mkdtemp(path.join(tmpdir(), 'party-image-'));
    try {
      const inputPath = path.join(workDir, 'original');
      await downloadToFile(deps.s3, deps.bucket, image.originalKey, inputPath);
      await setImageProgress(deps.db, imageId, 30);

      let processed: Awaited<ReturnType<typeof processImage>>;
      try {
        processed = await processImage({ inputPath, outputDir: workDir });
      } catch (error) {
        if (error instanceof MediaError) {
          await markImageFailed(deps.db, imageId, error.message, { retryable: false });
          return;
        }
        throw error;
      }

      const duplicate = await findDuplicateImage(deps.db, {
        eventId: image.eventId,
        sha256: processed.sha256,
        exceptId: imageId,
      });
      if (duplicate) {
        // Flag the second copy and drop its bytes: the event keeps one stored copy of a photo.
        await markImageDuplicate(deps.db, imageId, duplicate.id, processed.sha256);
        await deleteObjects(deps.s3, deps.bucket, [image.originalKey]);
        return;
      }
      await setImageProgress(deps.db, imageId, 70);

      const variants = [];
      for (const variant of processed.variants) {
        const key = imageVariantKey(imageId, variant.variant, variant.format);
        const { bytes } = await uploadFile(
          deps.s3,
          deps.bucket,
          key,
          variant.path,
          CONTENT_TYPES[variant.format],
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
      await markImageReady(
        deps.db,
        imageId,
        {
          mime: processed.mime,
          sha256: processed.sha256,
          width: processed.width,
          height: processed.height,
          takenAt: processed.takenAt,
          thumbhash: processed.thumbhash,
        },
        variants,
      );
      await deps.jobs.send('finish-image', { imageId });
    } catch (error) {
      // The last attempt: say so to the admin instead of leaving the photo `processing` forever.
      if (job.retryCount >= jobDefinitions['process-image'].options.retryLimit) {
        await markImageFailed(deps.db, imageId, lastAttemptReason(error));
      }
      throw error;
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  };
}
