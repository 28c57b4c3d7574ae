import { findVisibleTrack, recordListeningBatch } from '@party/db';
import { reportListeningSchema } from '../schemas/listening-stats';
import { protectedProcedure, router } from '../trpc';
import { viewerScope } from '../visibility';

export const listeningRouter = router({
  /**
   * A batch of what the player heard. Entries for tracks the member cannot see are dropped (the
   * rest still counts); a batch id sent again counts once. Only aggregates are stored (README,
   * Listening statistics). Share-link guests do not report: they have no account to count once.
   */
  report: protectedProcedure.input(reportListeningSchema).mutation(async ({ ctx, input }) => {
    const scope = viewerScope(ctx.viewer);
    const visible = new Set<string>();
    for (const trackId of new Set(input.entries.map((e) => e.trackId))) {
      if (await findVisibleTrack(ctx.db, scope, trackId)) visible.add(trackId);
    }
    const entries = input.entries.filter((e) => visible.has(e.trackId));
    const result = await recordListeningBatch(ctx.db, {
      batchId: input.batchId,
      listenerId: ctx.viewer.id,
      entries,
      now: ctx.clock?.(),
    });
    return { ...result, dropped: result.dropped + (input.entries.length - entries.length) };
  }),
});
