import { findVisibleTrack, listRenditions, logDownload, saveListeningPosition } from '@party/db';
import { TRPCError } from '@trpc/server';
import { originalExtension, trackFileName } from '../media/track-files';
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
    const renditions = await listRenditions(ctx.db, [found.track.id]);
    const order = input.tier === 'high' ? ['high', 'medium'] : ['medium', 'high'];
    const rendition = found.track.streamOriginal
      ? undefined
      : order.map((tier) => renditions.find((r) => r.tier === tier)).find(Boolean);
    const key = rendition?.key ?? found.track.originalKey;
    const signed = await ctx.delivery.url(key, { contentType: rendition ? 'audio/mpeg' : undefined });
    return { ...signed, tier: rendition?.tier ?? 'original' };
  }),

  /** A download of the lossless original (or the FLAC copy of a WAV/AIFF) under a proper name. */
  downloadUrl: protectedProcedure.input(trackDownloadSchema).mutation(async ({ ctx, input }) => {
    const found = await findVisibleTrack(ctx.db, viewerScope(ctx.viewer), input.trackId);
    if (!found) throw noSuchTrack();
    const { track, set } = found;
    if (input.kind === 'flac') {
      const flac = (await listRenditions(ctx.db, [track.id])).find((r) => r.tier === 'flac');
      if (!flac) throw new TRPCError({ code: 'NOT_FOUND', message: 'This track has no FLAC copy.' });
      await logDownload(ctx.db, { userId: ctx.viewer.id, kind: 'track-flac', trackId: track.id });
      return ctx.delivery.url(flac.key, {
        downloadName: trackFileName(track, set, 'flac'),
        contentType: 'audio/flac',
      });
    }
    // Logged when the URL is handed out: the URL is the download (README, Privacy: download log).
    await logDownload(ctx.db, { userId: ctx.viewer.id, kind: 'track-original', trackId: track.id });
    return ctx.delivery.url(track.originalKey, {
      downloadName: trackFileName(track, set, originalExtension(track)),
    });
  }),

  savePosition: protectedProcedure.input(savePositionSchema).mutation(async ({ ctx, input }) => {
    const found = await findVisibleTrack(ctx.db, viewerScope(ctx.viewer), input.trackId);
    if (!found) throw noSuchTrack();
    await saveListeningPosition(ctx.db, { userId: ctx.viewer.id, ...input });
    return { ok: true };
  }),
});
