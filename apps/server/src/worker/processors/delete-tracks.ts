import type { S3Client } from '@aws-sdk/client-s3';
import { type Database, deleteTrackRows, listRenditions, schema } from '@party/db';
import type { JobHandler } from '@party/jobs';
import { deleteObjects } from '@party/storage';
import { and, eq, inArray } from 'drizzle-orm';

/** Deletes tracks S3-first (original, renditions, peaks), then their rows; retried until S3 agrees. */
export function deleteTracksHandler(deps: {
  db: Database;
  s3: S3Client;
  bucket: string;
}): JobHandler<'delete-tracks'> {
  return async ({ trackIds }) => {
    const rows = await deps.db
      .select({
        id: schema.tracks.id,
        originalKey: schema.tracks.originalKey,
        peaksKey: schema.tracks.peaksKey,
        peaksDetailKey: schema.tracks.peaksDetailKey,
      })
      .from(schema.tracks)
      .where(and(inArray(schema.tracks.id, trackIds), eq(schema.tracks.status, 'deleting')));
    if (rows.length === 0) return;
    const renditions = await listRenditions(
      deps.db,
      rows.map((r) => r.id),
    );
    await deleteObjects(deps.s3, deps.bucket, [
      ...rows.flatMap((r) =>
        [r.originalKey, r.peaksKey, r.peaksDetailKey].filter((key): key is string => key !== null),
      ),
      ...renditions.map((r) => r.key),
    ]);
    await deleteTrackRows(
      deps.db,
      rows.map((r) => r.id),
    );
  };
}
