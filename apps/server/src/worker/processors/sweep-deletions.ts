import { type Database, listImagesStuckDeleting } from '@party/db';
import type { JobHandler, JobQueue } from '@party/jobs';

const STUCK_AFTER_MS = 15 * 60 * 1000;

/** Re-queues deletions that a crash or an exhausted retry left in `deleting`. */
export function sweepDeletionsHandler(deps: { db: Database; jobs: JobQueue }): JobHandler<'sweep-deletions'> {
  return async () => {
    const stuck = await listImagesStuckDeleting(deps.db, new Date(Date.now() - STUCK_AFTER_MS));
    for (let i = 0; i < stuck.length; i += 500) {
      await deps.jobs.send('delete-images', { imageIds: stuck.slice(i, i + 500) });
    }
  };
}
