import { applyTicketingMessage, parseDelivery } from '@party/api/ticketing';
import { type Database, findDelivery, finishDelivery, noteDeliveryError } from '@party/db';
import { explainJobError, type JobHandler, jobDefinitions } from '@party/jobs';

/**
 * Applies one stored webhook delivery of the ticketing backend. Idempotent: a delivery already
 * processed is skipped, and applying a message twice changes nothing (versions, see
 * `advanceVersion`). A failure is noted on the delivery and retried; after the last attempt the
 * delivery ends `failed` with the reason (the nightly reconciliation repairs what it missed).
 */
export function ticketingDeliveryHandler(deps: { db: Database }): JobHandler<'ticketing-delivery'> {
  return async ({ webhookId }, job) => {
    const delivery = await findDelivery(deps.db, webhookId);
    if (delivery?.status !== 'queued') return;
    // The endpoint checked the payload before queueing it; parse again for the typed message.
    const parsed = parseDelivery(JSON.stringify({ type: delivery.type, data: delivery.payload }));
    if (parsed.kind !== 'message') {
      await finishDelivery(deps.db, {
        webhookId,
        status: 'failed',
        error: parsed.kind === 'malformed' ? parsed.problem : `Unknown type ${parsed.type}.`,
      });
      return;
    }
    try {
      const outcome = await applyTicketingMessage(deps.db, parsed.message);
      await finishDelivery(deps.db, { webhookId, status: 'processed', outcome });
    } catch (error) {
      const reason = explainJobError(error);
      if (job.retryCount >= jobDefinitions['ticketing-delivery'].options.retryLimit) {
        await finishDelivery(deps.db, { webhookId, status: 'failed', error: reason });
        return;
      }
      await noteDeliveryError(deps.db, webhookId, reason);
      throw error;
    }
  };
}
