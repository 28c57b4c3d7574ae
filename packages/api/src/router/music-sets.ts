import {
  findMusicSetEventId,
  findVisibleMusicSet,
  listSetListeningPositions,
  listVisibleMusicSets,
  searchVisibleMusicSetIds,
} from '@party/db';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { libraryMemory } from '../media/library-memory';
import { describeSet, readSetFiles } from '../media/set-detail';
import { listMusicSetsSchema } from '../schemas/listening';
import { protectedProcedure, router } from '../trpc';
import { audienceOf, libraryStateFor, viewerScope } from '../visibility';

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

  /**
   * A set with its playable tracks, their tracklists, waveform peaks and where the viewer stopped.
   * The set and its files come from this process's library memory (per set and audience class).
   */
  byId: protectedProcedure.input(z.object({ id: z.uuid() })).query(async ({ ctx, input }) => {
    const memory = libraryMemory(ctx.db);
    // The library state and where the viewer stopped, at once; the set's event is read once per version.
    const [{ version, attended }, positions] = await Promise.all([
      libraryStateFor(ctx.db, ctx.viewer),
      listSetListeningPositions(ctx.db, ctx.viewer.id, input.id),
    ]);
    const eventId = await memory.remember(
      version,
      `set-event:${input.id}`,
      () => findMusicSetEventId(ctx.db, input.id),
      () => 1,
    );
    const audience = audienceOf(ctx.viewer, attended, eventId ?? null);
    const found = await memory.remember(
      version,
      `set:${input.id}:${audience}`,
      async () => {
        const set = await findVisibleMusicSet(ctx.db, audience, input.id);
        return set ? { set, files: await readSetFiles(ctx.db, set) } : null;
      },
      (read) => 1 + (read ? read.files.tracks.length + read.files.cues.length : 0),
    );
    if (!found) throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no such music set.' });
    return describeSet(ctx, found.set, found.files, { listenerId: ctx.viewer.id, positions });
  }),
});
