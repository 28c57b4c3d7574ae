import { createTicketingApi, reconcileTicketing, type TicketingApiConfig } from '@party/api/ticketing';
import {
  createSyncRun,
  type Database,
  finishSyncRun,
  pruneWebhookRecords,
  reportSyncProgress,
  startSyncRun,
} from '@party/db';
import { explainJobError, type JobHandler } from '@party/jobs';
import type { WorkerLog } from '../worker-log';

/** Delivery and rejection records are kept this long (the admin page shows the recent ones). */
const KEEP_WEBHOOK_RECORDS_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Reconciliation with the ticketing backend's pull API, as one `ticketing_sync_runs` row that the
 * admin page follows (progress, then the report or the error). Without `TICKETING_API_URL` the
 * nightly run only prunes old webhook records.
 */
export function ticketingSyncHandler(deps: {
  db: Database;
  ticketingApi: TicketingApiConfig | null;
  log: WorkerLog;
}): JobHandler<'ticketing-sync'> {
  return async ({ runId }) => {
    await pruneWebhookRecords(deps.db, new Date(Date.now() - KEEP_WEBHOOK_RECORDS_MS));
    if (!deps.ticketingApi) {
      if (runId) {
        await finishSyncRun(deps.db, {
          id: runId,
          error: 'TICKETING_API_URL and TICKETING_API_TOKEN are not set on the worker.',
        });
      }
      return;
    }
    const id = runId ?? (await createSyncRun(deps.db, { trigger: 'schedule' }))?.id;
    if (!id || !(await startSyncRun(deps.db, id))) return;
    try {
      const report = await reconcileTicketing({
        db: deps.db,
        api: createTicketingApi(deps.ticketingApi),
        onProgress: (eventsDone, eventsTotal) => reportSyncProgress(deps.db, { id, eventsDone, eventsTotal }),
      });
      await finishSyncRun(deps.db, { id, report });
      deps.log.info({ runId: id, report }, 'ticketing reconciliation finished');
    } catch (error) {
      // Not retried: the admin sees the reason at once and can press "Sync now" again.
      await finishSyncRun(deps.db, { id, error: explainJobError(error) });
      deps.log.warn({ runId: id, err: error }, 'ticketing reconciliation failed');
    }
  };
}
