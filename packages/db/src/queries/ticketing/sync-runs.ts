import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Database } from '../../client';
import { type SyncReport, ticketingSyncRuns } from '../../schema';

export type SyncRun = typeof ticketingSyncRuns.$inferSelect;

export function emptySyncReport(): SyncReport {
  return {
    events: { created: 0, updated: 0, removed: 0, marked: 0, unchanged: 0 },
    attendees: { created: 0, updated: 0, removed: 0, pending: 0, unchanged: 0 },
  };
}

/** A run queued or running longer than its job may live (30 min) ended with its worker. */
const RUN_LIFETIME_MS = 35 * 60 * 1000;

/** A run waiting for its job; `undefined` when one is already queued or running (one at a time). */
export async function createSyncRun(
  db: Database,
  params: { trigger: 'schedule' | 'admin'; requestedBy?: string },
): Promise<SyncRun | undefined> {
  return db.transaction(async (tx) => {
    // One run at a time across processes: the lock serialises concurrent "Sync now" clicks.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('ticketing-sync-run'))`);
    await tx
      .update(ticketingSyncRuns)
      .set({
        status: 'failed',
        error: 'The run did not finish (its worker stopped).',
        finishedAt: new Date(),
      })
      .where(
        and(
          inArray(ticketingSyncRuns.status, ['queued', 'running']),
          lt(ticketingSyncRuns.createdAt, new Date(Date.now() - RUN_LIFETIME_MS)),
        ),
      );
    const active = await tx.query.ticketingSyncRuns.findFirst({
      columns: { id: true },
      where: inArray(ticketingSyncRuns.status, ['queued', 'running']),
    });
    if (active) return undefined;
    const [row] = await tx
      .insert(ticketingSyncRuns)
      .values({ trigger: params.trigger, requestedBy: params.requestedBy ?? null })
      .returning();
    return row;
  });
}

export async function findSyncRun(db: Database, id: string): Promise<SyncRun | undefined> {
  return db.query.ticketingSyncRuns.findFirst({ where: eq(ticketingSyncRuns.id, id) });
}

/** Marks a queued (or retried) run as running; false when it already ended. */
export async function startSyncRun(db: Database, id: string): Promise<boolean> {
  const rows = await db
    .update(ticketingSyncRuns)
    .set({ status: 'running', startedAt: new Date(), eventsDone: 0, error: null })
    .where(and(eq(ticketingSyncRuns.id, id), inArray(ticketingSyncRuns.status, ['queued', 'running'])))
    .returning({ id: ticketingSyncRuns.id });
  return rows.length > 0;
}

export async function reportSyncProgress(
  db: Database,
  params: { id: string; eventsDone: number; eventsTotal: number },
): Promise<void> {
  await db
    .update(ticketingSyncRuns)
    .set({ eventsDone: params.eventsDone, eventsTotal: params.eventsTotal })
    .where(eq(ticketingSyncRuns.id, params.id));
}

export async function finishSyncRun(
  db: Database,
  params: { id: string; report: SyncReport } | { id: string; error: string },
): Promise<void> {
  await db
    .update(ticketingSyncRuns)
    .set(
      'report' in params
        ? { status: 'succeeded', report: params.report, finishedAt: new Date() }
        : { status: 'failed', error: params.error, finishedAt: new Date() },
    )
    .where(eq(ticketingSyncRuns.id, params.id));
}

export async function listSyncRuns(db: Database, limit = 5): Promise<SyncRun[]> {
  return db.query.ticketingSyncRuns.findMany({ orderBy: desc(ticketingSyncRuns.createdAt), limit });
}
