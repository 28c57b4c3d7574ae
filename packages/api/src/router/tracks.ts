import { findVisibleTrack, logDownload, saveListeningPosition } from '@party/db';
import { TRPCError } from '@trpc/server';
import { trackDownloadUrl, trackStreamUrl } from '../media/track-urls';
import { savePositionSchema, streamUrlSchema, trackDownloadSchema } from '../schemas/listening';
import { protectedProcedure, router } from '../trpc';
import { viewerScope } from '../visibility';

const noSuchTrack = () => new TRPCError({ code: 'NOT_FOUND', message: 'There is no such track.' });

export const tracksRouter = router({
  /**
   * A URL to stream one tier (15 minutes; the player asks again before it expires): presigned, or
   * through the `/media` proxy. Seeking is HTTP Range on this URL. A tier that does not exist for this
   * track falls back to the next one down, then to the original.
   */
  streamUrl: protectedProcedure.input(streamUrlSchema).mutation(async ({ ctx, input }) => {
    const found = await findVisibleTrack(ctx.db, viewerScope(ctx.viewer), input.trackId);
    if (!found) throw noSuchTrack();
    return trackStreamUrl(ctx, found.track, input.tier);
  }),

  /** A download of the lossless original (or the FLAC copy of a WAV/AIFF) under a proper name. */
  downloadUrl: protectedProcedure.input(trackDownloadSchema).mutation(async ({ ctx, input }) => {
    const found = await findVisibleTrack(ctx.db, viewerScope(ctx.viewer), input.trackId);
    if (!found) throw noSuchTrack();
    const url = await trackDownloadUrl(ctx, found, input.kind);
    // Logged when the URL is handed out: the URL is the download (README, Privacy: download log).
    await logDownload(ctx.db, {
      userId: ctx.viewer.id,
      kind: input.kind === 'flac' ? 'track-flac' : 'track-original',
      trackId: found.track.id,
    });
    return url;
  }),

  savePosition: protectedProcedure.input(savePositionSchema).mutation(async ({ ctx, input }) => {
    const found = await findVisibleTrack(ctx.db, viewerScope(ctx.viewer), input.trackId);
    if (!found) throw noSuchTrack();
    await saveListeningPosition(ctx.db, { userId: ctx.viewer.id, ...input });
    return { ok: true };
  }),
});
