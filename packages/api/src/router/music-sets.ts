import { findVisibleMusicSet, listVisibleMusicSets, searchVisibleMusicSetIds } from '@party/db';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { setDetail } from '../media/set-detail';
import { listMusicSetsSchema } from '../schemas/listening';
import { protectedProcedure, router } from '../trpc';
import { viewerScope } from '../visibility';

export const musicSetsRouter = router({
  /** Sets the viewer may hear, in the admins' order and newest first; optional search. */
  list: protectedProcedure.input(listMusicSetsSchema).query(async ({ ctx, input }) => {
    const scope = viewerScope(ctx.viewer);
    let rows = await listVisibleMusicSets(ctx.db, scope);
    if (input?.query) {
      const matching = new Set(await searchVisibleMusicSetIds(ctx.db, scope, input.query));
      rows = rows.filter((row) => matching.has(row.set.id));
    }
    const now = new Date();
    return Promise.all(
      rows.map(async ({ set, trackCount, durationSeconds }) => ({
        id: set.id,
        title: set.title,
        artist: set.artist,
        eventId: set.eventId,
        recordedOn: set.recordedOn,
        createdAt: set.createdAt,
        trackCount,
        durationSeconds,
        coverUrl: set.coverKey ? (await ctx.delivery.url(set.coverKey, { now })).url : null,
      })),
    );
  }),

  /** A set with its playable tracks, their tracklists, waveform peaks and where the viewer stopped. */
  byId: protectedProcedure.input(z.object({ id: z.uuid() })).query(async ({ ctx, input }) => {
    const set = await findVisibleMusicSet(ctx.db, viewerScope(ctx.viewer), input.id);
    if (!set) throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no such music set.' });
    return setDetail(ctx, set, ctx.viewer.id);
  }),
});
