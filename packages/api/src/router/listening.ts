import { findMusicSet, findVisibleMusicSet, findVisibleTrack, recordListeningBatch } from '@party/db';
import { TRPCError } from '@trpc/server';
import { listeningStatsSchema, reportListeningSchema } from '../schemas/listening-stats';
import { setListeningStats } from '../social/set-listening-stats';
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

  /**
   * The set's listening statistics, exactly what admins see (`setListeningStats`: aggregates
   * only), for admins and for the member an admin linked as the set's DJ. A set the viewer cannot
   * see is `NOT_FOUND` as everywhere; a set they see but are not the DJ of is `FORBIDDEN`.
   */
  setStats: protectedProcedure.input(listeningStatsSchema).query(async ({ ctx, input }) => {
    const set =
      ctx.viewer.role === 'admin'
        ? await findMusicSet(ctx.db, input.setId)
        : await findVisibleMusicSet(ctx.db, viewerScope(ctx.viewer), input.setId);
    if (!set) throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no such music set.' });
    if (ctx.viewer.role !== 'admin' && set.djUserId !== ctx.viewer.id) {
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: 'Only admins and the DJ of this set see its listening statistics.',
      });
    }
    return setListeningStats(ctx, set, input.days);
  }),
});
