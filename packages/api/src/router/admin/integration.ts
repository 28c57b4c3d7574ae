import { createSyncRun, listSyncRuns, webhookStatus } from '@party/db';
import { TRPCError } from '@trpc/server';
import { adminProcedure, router } from '../../trpc';

/** The admin's view of the ticketing backend integration (README, Connecting the ticketing backend). */
export const adminIntegrationRouter = router({
  status: adminProcedure.query(async ({ ctx }) => {
    const webhooks = await webhookStatus(ctx.db);
    const runs = await listSyncRuns(ctx.db, 5);
    return {
      webhooks: { configured: ctx.integration?.webhooks ?? false, ...webhooks },
      pull: { configured: ctx.integration?.pull ?? false, runs },
    };
  }),

  /** Starts a reconciliation now; the status query follows its progress and report. */
  syncNow: adminProcedure.mutation(async ({ ctx }) => {
    if (!ctx.integration?.pull) {
      throw new TRPCError({
        code: 'PRECONDITION_FAILED',
        message: 'Sync needs TICKETING_API_URL and TICKETING_API_TOKEN on the server.',
      });
    }
    const run = await createSyncRun(ctx.db, { trigger: 'admin', requestedBy: ctx.viewer.id });
    if (!run) throw new TRPCError({ code: 'CONFLICT', message: 'A sync is already running.' });
    await ctx.jobs.send('ticketing-sync', { runId: run.id });
    return run;
  }),
});
