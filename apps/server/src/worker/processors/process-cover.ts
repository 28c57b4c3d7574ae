import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { applyUploadedCover, type Database, failCoverUpload, findMusicSet } from '@party/db';
import { type JobHandler, jobDefinitions, lastAttemptReason } from '@party/jobs';
import { MediaError, processCover } from '@party/media';
import { deleteObjects, downloadToFile, setCoverKey, uploadFile, urlIdFromOriginalKey } from '@party/storage';
import type { WorkerLog } from '../worker-log';

export interface ProcessCoverDeps {
  db: Database;
  s3: S3Client;
  bucket: string;
  log: WorkerLog;
}

/**
 * Turns an admin's cover upload into the set's cover: a 600 px square WebP, upright and without
 * metadata, at a key of its own (`cover-<upload id>.webp`). Only then does the set point at it, in
 * one conditional update, and the previous cover object goes. The uploaded original is deleted at
 * the end, whatever the outcome: unlike a photo it is never offered for download, and the admin
 * still has the file.
 *
 * Idempotent: a job whose upload is no longer the set's pending one (superseded by a newer upload,
 * the set deleted, or a retry after it was applied) only removes what that upload left behind. A
 * file that is not a usable image ends with a reason for the admin and leaves the cover as it was;
 * any other error is retried by the queue.
 */
export function processCoverHandler(deps: ProcessCoverDeps): JobHandler<'process-cover'> {
  return async ({ setId, uploadId }, job) => {
    const key = setCoverKey(setId, 'webp', urlIdFromOriginalKey(uploadId));
    const set = await findMusicSet(deps.db, setId);
    if (set?.coverUploadId !== uploadId) {
      // The cover object of this upload is kept only if an earlier run made it the cover.
      await deleteObjects(deps.s3, deps.bucket, set?.coverKey === key ? [uploadId] : [uploadId, key]);
      return;
    }

    const workDir = await mkdtemp(path.join(tmpdir(), 'party-cover-'));
    try {
      const inputPath = path.join(workDir, 'original');
      await downloadToFile(deps.s3, deps.bucket, uploadId, inputPath);
      let cover: Awaited<ReturnType<typeof processCover>>;
      try {
        cover = await processCover({ inputPath, outputPath: path.join(workDir, 'cover.webp') });
      } catch (error) {
        if (!(error instanceof MediaError)) throw error;
        await failCoverUpload(deps.db, { setId, uploadId, reason: error.message });
        await deleteObjects(deps.s3, deps.bucket, [uploadId]);
        return;
      }

      await uploadFile(deps.s3, deps.bucket, key, cover.path, 'image/webp');
      const result = await applyUploadedCover(deps.db, { setId, uploadId, key });
      // Applied: the replaced cover goes. Not applied (a newer upload arrived meanwhile): ours goes.
      const obsolete = [uploadId];
      if (!result.applied) obsolete.push(key);
      else if (result.previousKey && result.previousKey !== key) obsolete.push(result.previousKey);
      await deleteObjects(deps.s3, deps.bucket, obsolete);
    } catch (error) {
      // The last attempt: say so to the admin instead of showing the cover as processing forever.
      if (job.retryCount >= jobDefinitions['process-cover'].options.retryLimit) {
        await failCoverUpload(deps.db, {
          setId,
          uploadId,
          reason: lastAttemptReason(error),
        });
      }
      throw error;
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  };
}
