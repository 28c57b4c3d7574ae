import type { S3Client } from '@aws-sdk/client-s3';
import { type Database, deleteImageRows, findImageVariants, schema } from '@party/db';
import type { JobHandler } from '@party/jobs';
import { deleteObjects } from '@party/storage';
import { and, eq, inArray } from 'drizzle-orm';

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
    const rows = await deps.db
      .select({ id: schema.images.id, originalKey: schema.images.originalKey })
      .from(schema.images)
      .where(and(inArray(schema.images.id, imageIds), eq(schema.images.status, 'deleting')));
    if (rows.length === 0) return;
    const variants = await findImageVariants(
      deps.db,
      rows.map((r) => r.id),
    );
    await deleteObjects(deps.s3, deps.bucket, [
      ...rows.map((r) => r.originalKey),
      ...variants.map((v) => v.key),
    ]);
    await deleteImageRows(
      deps.db,
      rows.map((r) => r.id),
    );
  };
}
