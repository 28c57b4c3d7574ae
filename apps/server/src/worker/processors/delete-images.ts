import type { S3Client } from '@aws-sdk/client-s3';
import { type Database, deleteImageRows, listImagesDeleting } from '@party/db';
import type { JobHandler } from '@party/jobs';
import { deleteObjects } from '@party/storage';

/**
 * Deletes images S3-first: their objects (original and derivatives), then their rows. If S3
 * fails, the rows stay in `deleting` and the job is retried, so no object is left without a row.
 */
export function deleteImagesHandler(deps: {
  db: Database;
  s3: S3Client;
  bucket: string;
}): JobHandler<'delete-images'> {
  return async ({ imageIds }) => {
    const doomed = await listImagesDeleting(deps.db, imageIds);
    if (doomed.length === 0) return;
    await deleteObjects(
      deps.s3,
      deps.bucket,
      doomed.flatMap((image) => image.keys),
    );
    await deleteImageRows(
      deps.db,
      doomed.map((image) => image.id),
    );
  };
}
