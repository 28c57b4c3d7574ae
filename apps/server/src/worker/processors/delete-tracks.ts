import type { S3Client } from '@aws-sdk/client-s3';
import { type Database, deleteTrackRows, listTracksDeleting } from '@party/db';
import type { JobHandler } from '@party/jobs';
import { deleteObjects } from '@party/storage';

/** Deletes tracks S3-first (original, renditions, peaks), then their rows; retried until S3 agrees. */
export function deleteTracksHandler(deps: {
  db: Database;
  s3: S3Client;
  bucket: string;
}): JobHandler<'delete-tracks'> {
  return async ({ trackIds }) => {
    const doomed = await listTracksDeleting(deps.db, trackIds);
    if (doomed.length === 0) return;
    await deleteObjects(
      deps.s3,
      deps.bucket,
      doomed.flatMap((track) => track.keys),
    );
    await deleteTrackRows(
      deps.db,
      doomed.map((track) => track.id),
    );
  };
}
