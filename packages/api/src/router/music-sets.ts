import {
  findVisibleMusicSet,
  listCuePoints,
  listListeningPositions,
  listRenditions,
  listTracksOfSets,
  listVisibleMusicSets,
  searchVisibleMusicSetIds,
} from '@party/db';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
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
    const tracks = (await listTracksOfSets(ctx.db, [set.id])).filter((t) => t.status === 'ready');
    const ids = tracks.map((t) => t.id);
    const [renditions, cues, positions] = await Promise.all([
      listRenditions(ctx.db, ids),
      listCuePoints(ctx.db, ids),
      listListeningPositions(ctx.db, ctx.viewer.id, ids),
    ]);
    const now = new Date();
    return {
      id: set.id,
      title: set.title,
      artist: set.artist,
      description: set.description,
      recordedOn: set.recordedOn,
      coverUrl: set.coverKey ? (await ctx.delivery.url(set.coverKey, { now })).url : null,
      tracks: await Promise.all(
        tracks.map(async (track) => {
          const own = renditions.filter((r) => r.trackId === track.id);
          return {
            id: track.id,
            position: track.position,
            title: track.title ?? set.title,
            artist: track.artist ?? set.artist,
            durationSeconds: track.durationSeconds ?? 0,
            lossless: track.lossless,
            sampleRate: track.sampleRate,
            bitDepth: track.bitDepth,
            loudnessLufs: track.loudnessLufs,
            tiers: track.streamOriginal
              ? (['original'] as const)
              : own.filter((r) => r.tier !== 'flac').map((r) => r.tier as 'high' | 'medium'),
            downloads: {
              original: { bytes: track.bytes, codec: track.codec },
              flac: own.find((r) => r.tier === 'flac')?.bytes ?? null,
            },
            peaksUrl: track.peaksKey
              ? (await ctx.delivery.url(track.peaksKey, { now, contentType: 'application/json' })).url
              : null,
            // Null for tracks processed before the levels were split: their peaks.json holds both.
            detailPeaksUrl: track.peaksDetailKey
              ? (await ctx.delivery.url(track.peaksDetailKey, { now, contentType: 'application/json' })).url
              : null,
            cues: cues
              .filter((c) => c.trackId === track.id)
              .map(({ startSeconds, artist, title }) => ({ startSeconds, artist, title })),
            resumeAt: positions.find((p) => p.trackId === track.id)?.positionSeconds ?? null,
          };
        }),
      ),
    };
  }),
});
