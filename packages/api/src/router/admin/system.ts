import { latestStorageSweep, listUploadsInProgress, postgresVersion, storageUse } from '@party/db';
import { TRPCError } from '@trpc/server';
import { retryFailedJobsSchema } from '../../schemas/system';
import { adminProcedure, router } from '../../trpc';

/** The admin System page (README, Operations): what the installation is doing and holds. */
export const adminSystemRouter = router({
  overview: adminProcedure.query(async ({ ctx }) => {
    const [queues, uploads, storage, sweep, postgres] = await Promise.all([
      ctx.system?.queues?.queues() ?? null,
      listUploadsInProgress(ctx.db),
      storageUse(ctx.db),
      latestStorageSweep(ctx.db),
      postgresVersion(ctx.db),
    ]);
    return {
      queues,
      uploads,
      storage,
      mediaCache: ctx.system?.mediaCache?.() ?? null,
      sweep: sweep ?? null,
      versions: { app: ctx.system?.appVersion ?? 'unknown', node: process.versions.node, postgres },
    };
  }),

  /** Puts every failed job of one kind back on its queue (after the cause was fixed). */
  retryFailed: adminProcedure.input(retryFailedJobsSchema).mutation(async ({ ctx, input }) => {
    const queues = ctx.system?.queues;
    if (!queues) {
      throw new TRPCError({
        code: 'PRECONDITION_FAILED',
        message: 'This server cannot reach the job queue.',
      });
    }
    return { retried: await queues.retryFailed(input.kind) };
  }),

  /** Compares the bucket with the database now, removing nothing; the report shows up when it ran. */
  checkStorage: adminProcedure.mutation(async ({ ctx }) => {
    await ctx.jobs.send('sweep-orphans', { dryRun: true }, { singletonKey: 'admin-check' });
    return { queued: true };
  }),
});
