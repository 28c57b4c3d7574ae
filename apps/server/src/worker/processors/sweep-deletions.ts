import { type Database, listImagesStuckDeleting, listTracksStuckDeleting } from '@party/db';
import type { JobHandler, JobQueue } from '@party/jobs';

const STUCK_AFTER_MS = 15 * 60 * 1000;
/** Ids per re-queued deletion job, so a long backlog becomes several jobs retried independently. */
const BATCH = 500;

/** Re-queues image and track deletions that a crash or an exhausted retry left in `deleting`. */
export function sweepDeletionsHandler(deps: { db: Database; jobs: JobQueue }): JobHandler<'sweep-deletions'> {
  return async () => {
    const before = new Date(Date.now() - STUCK_AFTER_MS);
    const images = await listImagesStuckDeleting(deps.db, before);
    for (let i = 0; i < images.length; i += BATCH) {
      await deps.jobs.send('delete-images', { imageIds: images.slice(i, i + BATCH) });
    }
    const tracks = await listTracksStuckDeleting(deps.db, before);
    for (let i = 0; i < tracks.length; i += BATCH) {
      await deps.jobs.send('delete-tracks', { trackIds: tracks.slice(i, i + BATCH) });
    }
  };
}
