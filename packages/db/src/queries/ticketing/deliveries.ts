import { count, desc, eq, lt, max } from 'drizzle-orm';
import type { Database } from '../../client';
import { type RejectionReason, ticketingDeliveries, ticketingRejections } from '../../schema';

export type Delivery = typeof ticketingDeliveries.$inferSelect;

/**
 * Stores a verified delivery for its job. Returns false when its `webhook-id` was received before:
 * the repeat is dropped without being processed again.
 */
export async function recordDelivery(
  db: Database,
  params: {
    webhookId: string;
    type: string;
    payload: unknown;
    status?: 'queued' | 'ignored';
    outcome?: string;
  },
): Promise<boolean> {
  const rows = await db
    .insert(ticketingDeliveries)
    .values({
      webhookId: params.webhookId,
      type: params.type,
      payload: params.payload,
      status: params.status ?? 'queued',
      outcome: params.outcome ?? null,
      processedAt: params.status === 'ignored' ? new Date() : null,
    })
    .onConflictDoNothing()
    .returning({ webhookId: ticketingDeliveries.webhookId });
  return rows.length > 0;
}

/** Takes back a delivery whose job could not be queued, so the sender's retry is not taken for a repeat. */
export async function forgetDelivery(db: Database, webhookId: string): Promise<void> {
  await db.delete(ticketingDeliveries).where(eq(ticketingDeliveries.webhookId, webhookId));
}

export async function findDelivery(db: Database, webhookId: string): Promise<Delivery | undefined> {
  return db.query.ticketingDeliveries.findFirst({ where: eq(ticketingDeliveries.webhookId, webhookId) });
}

export async function finishDelivery(
  db: Database,
  params: { webhookId: string; status: 'processed' | 'failed'; outcome?: string; error?: string },
): Promise<void> {
  await db
    .update(ticketingDeliveries)
    .set({
      status: params.status,
      outcome: params.outcome ?? null,
      error: params.error ?? null,
      processedAt: new Date(),
    })
    .where(eq(ticketingDeliveries.webhookId, params.webhookId));
}

/** Notes why the last attempt failed; the delivery stays `queued` while the job retries. */
export async function noteDeliveryError(db: Database, webhookId: string, error: string): Promise<void> {
  await db.update(ticketingDeliveries).set({ error }).where(eq(ticketingDeliveries.webhookId, webhookId));
}

export async function recordRejection(
  db: Database,
  params: { reason: RejectionReason; detail: string; webhookId?: string | null },
): Promise<void> {
  await db.insert(ticketingRejections).values({
    reason: params.reason,
    detail: params.detail.slice(0, 500),
    webhookId: params.webhookId?.slice(0, 200) ?? null,
  });
}

/** What the admin's integration page shows about webhooks. */
export async function webhookStatus(db: Database, params: { recent?: number } = {}) {
  const [deliveries] = await db
    .select({ total: count(), lastReceivedAt: max(ticketingDeliveries.receivedAt) })
    .from(ticketingDeliveries);
  const [rejections] = await db.select({ total: count() }).from(ticketingRejections);
  const lastDelivery = await db.query.ticketingDeliveries.findFirst({
    columns: { payload: false },
    orderBy: desc(ticketingDeliveries.receivedAt),
  });
  const recentDeliveries = await db.query.ticketingDeliveries.findMany({
    columns: { payload: false },
    orderBy: desc(ticketingDeliveries.receivedAt),
    limit: params.recent ?? 10,
  });
  const recentRejections = await db.query.ticketingRejections.findMany({
    orderBy: desc(ticketingRejections.receivedAt),
    limit: params.recent ?? 10,
  });
  return {
    deliveries: deliveries?.total ?? 0,
    lastReceivedAt: deliveries?.lastReceivedAt ?? null,
    lastDelivery: lastDelivery ?? null,
    recentDeliveries,
    rejections: rejections?.total ?? 0,
    recentRejections,
  };
}

/**
 * Forgets deliveries and rejections older than `before`. Safe for deduplication as long as `before`
 * lies well past the 5-minute signature window: an older `webhook-id` arrives with a stale timestamp
 * and is refused before it is looked up.
 */
export async function pruneWebhookRecords(db: Database, before: Date): Promise<void> {
  await db.delete(ticketingDeliveries).where(lt(ticketingDeliveries.receivedAt, before));
  await db.delete(ticketingRejections).where(lt(ticketingRejections.receivedAt, before));
}
