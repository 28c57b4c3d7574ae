import {
  findMusicSet,
  findTrack,
  markTracksDeleting,
  reorderTracks,
  replaceCuePoints,
  resetTrackForRetry,
  updateTrack,
} from '@party/db';
import { TRPCError } from '@trpc/server';
import { looksLikeCueSheet, parseCueSheet } from '../../music/cue-sheet';
import { parseTracklist } from '../../music/tracklist';
import {
  reorderTracksSchema,
  setTracklistSchema,
  trackIdSchema,
  updateTrackSchema,
} from '../../schemas/music';
import { adminProcedure, router } from '../../trpc';

const noSuchTrack = () => new TRPCError({ code: 'NOT_FOUND', message: 'There is no such track.' });

export const adminTracksRouter = router({
  update: adminProcedure.input(updateTrackSchema).mutation(async ({ ctx, input }) => {
    const { id, ...fields } = input;
    const track = await updateTrack(ctx.db, id, fields);
    if (!track) throw noSuchTrack();
    return track;
  }),

  reorder: adminProcedure.input(reorderTracksSchema).mutation(async ({ ctx, input }) => {
    if (!(await findMusicSet(ctx.db, input.setId))) {
      throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no such music set.' });
    }
    await reorderTracks(ctx.db, input.setId, input.trackIds);
    return { ok: true };
  }),

  /**
   * Replaces a track's tracklist with the pasted lines, or with a pasted or imported `.cue` sheet
   * (recognised by its `TRACK nn AUDIO` lines). Nothing is saved while any line cannot be read:
   * the answer lists those lines, so the admin fixes them and nothing is half-applied.
   */
  setTracklist: adminProcedure.input(setTracklistSchema).mutation(async ({ ctx, input }) => {
    const track = await findTrack(ctx.db, input.trackId);
    if (!track) throw noSuchTrack();
    const parse = looksLikeCueSheet(input.text) ? parseCueSheet : parseTracklist;
    const { cues, problems } = parse(input.text, track.durationSeconds);
    if (problems.length === 0) await replaceCuePoints(ctx.db, track.id, cues);
    return { saved: problems.length === 0, cues, problems };
  }),

  /** Hides the tracks at once; their S3 objects, then rows, are deleted in the background. */
  delete: adminProcedure.input(trackIdSchema).mutation(async ({ ctx, input }) => {
    const marked = await markTracksDeleting(ctx.db, [input.id]);
    if (marked.length === 0) throw noSuchTrack();
    await ctx.jobs.send('delete-tracks', { trackIds: [input.id] });
    return { ok: true };
  }),

  retry: adminProcedure.input(trackIdSchema).mutation(async ({ ctx, input }) => {
    if (!(await resetTrackForRetry(ctx.db, input.id))) {
      throw new TRPCError({
        code: 'PRECONDITION_FAILED',
        message:
          'Only a track that failed for a passing reason can be processed again; a refused file fails the same way every time. Remove it instead.',
      });
    }
    await ctx.jobs.send('process-track', { trackId: input.id });
    return { ok: true };
  }),
});
