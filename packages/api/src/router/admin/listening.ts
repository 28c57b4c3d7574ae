import { findMusicSet } from '@party/db';
import { TRPCError } from '@trpc/server';
import { listeningStatsSchema } from '../../schemas/listening-stats';
import { setListeningStats } from '../../social/set-listening-stats';
import { adminProcedure, router } from '../../trpc';

export const adminListeningRouter = router({
  /** A set's listening statistics (see `setListeningStats`), for any set, drafts included. */
  setStats: adminProcedure.input(listeningStatsSchema).query(async ({ ctx, input }) => {
    const set = await findMusicSet(ctx.db, input.setId);
    if (!set) throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no such music set.' });
    return setListeningStats(ctx, set, input.days);
  }),
});
