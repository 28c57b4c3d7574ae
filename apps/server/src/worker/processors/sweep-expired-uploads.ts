import type { S3Client } from '@aws-sdk/client-s3';
import { abortUpload, type Database, listExpiredUploads, uploadObjectKeys } from '@party/db';
import type { JobHandler } from '@party/jobs';
import { abortMultipartUpload, deleteObjects, listMultipartUploads } from '@party/storage';
import { UPLOAD_EXPIRY_MS } from '../../uploads/tus-protocol';
import type { WorkerLog } from '../worker-log';

/** S3 multipart uploads of originals older than this are expired whatever the database says. */
const ABANDONED_AFTER_MS = UPLOAD_EXPIRY_MS + 60 * 60 * 1000;

export interface ExpiredUploadsReport {
  /** Upload rows past their expiry, now `aborted` with their objects removed. */
  expired: string[];
  /** Multipart uploads S3 still kept parts for (with or without a row), now aborted. */
  multipartAborted: string[];
}

/**
 * Ends uploads nobody finished: past `Upload-Expires` the upload answers 410 already, but S3 keeps
 * the parts of an unfinished multipart upload (and bills them) until someone aborts it. This does,
 * and removes the upload's `.info`/`.part` objects, so an abandoned 4 GB set costs nothing after a day.
 */
export async function sweepExpiredUploads(
  deps: { db: Database; s3: S3Client; bucket: string; log: WorkerLog },
  now = new Date(),
): Promise<ExpiredUploadsReport> {
  const expired = await listExpiredUploads(deps.db, new Date(now.getTime() - UPLOAD_EXPIRY_MS));
  const expiredKeys = new Set(expired);
  const multipartAborted: string[] = [];
  for await (const upload of listMultipartUploads(deps.s3, deps.bucket, 'originals/')) {
    const abandoned = now.getTime() - upload.initiated.getTime() > ABANDONED_AFTER_MS;
    if (!expiredKeys.has(upload.key) && !abandoned) continue;
    await abortMultipartUpload(deps.s3, deps.bucket, upload.key, upload.uploadId);
    multipartAborted.push(upload.key);
  }
  for (const id of expired) {
    // The original itself is never written for an unfinished upload; its metadata and tail part are.
    await deleteObjects(deps.s3, deps.bucket, uploadObjectKeys({ id }).slice(1));
    await abortUpload(deps.db, id);
  }
  if (expired.length > 0 || multipartAborted.length > 0) {
    deps.log.info(
      { expired: expired.length, multipartAborted: multipartAborted.length },
      'expired uploads removed',
    );
  }
  return { expired, multipartAborted };
}

export function sweepExpiredUploadsHandler(deps: {
  db: Database;
  s3: S3Client;
  bucket: string;
  log: WorkerLog;
}): JobHandler<'sweep-expired-uploads'> {
  return async () => {
    await sweepExpiredUploads(deps);
  };
}
