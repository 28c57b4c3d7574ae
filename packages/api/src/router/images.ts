import { findVisibleImage, listVisibleEventImages, logDownload, requestTakedown } from '@party/db';
import { TRPCError } from '@trpc/server';
import { imageDownloadUrl, imageUrls, withVariants } from '../media/image-urls';
import { libraryMemory } from '../media/library-memory';
import { TAKEDOWNS_PER_DAY } from '../privacy/takedown-limit';
import { downloadImageSchema, listEventImagesSchema } from '../schemas/images';
import { hideImageSchema } from '../schemas/privacy';
import { protectedProcedure, router } from '../trpc';
import { audienceOf, libraryStateFor, viewerScope } from '../visibility';

export const imagesRouter = router({
  /**
   * The photos of an event the viewer may see, in gallery order, with URLs valid for 15 minutes. Read from
   * this process's library memory (per event and audience class): two statements per call.
   */
  list: protectedProcedure.input(listEventImagesSchema).query(async ({ ctx, input }) => {
    const { version, attended } = await libraryStateFor(ctx.db, ctx.viewer);
    const audience = audienceOf(ctx.viewer, attended, input.eventId);
    const gallery = await libraryMemory(ctx.db).remember(
      version,
      `images:${input.eventId}:${audience}`,
      async () =>
        withVariants(ctx.db, await listVisibleEventImages(ctx.db, audience, input.eventId), {
          eventId: input.eventId,
        }),
      (read) => read.rows.length,
    );
    return imageUrls(ctx, gallery);
  }),

  /** A download URL for the preview, or for the untouched original where the admin allowed it. */
  download: protectedProcedure.input(downloadImageSchema).mutation(async ({ ctx, input }) => {
    const image = await findVisibleImage(ctx.db, viewerScope(ctx.viewer), input.id);
    if (!image) throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no such photo.' });
    if (input.kind === 'original' && !image.allowOriginalDownload && ctx.viewer.role !== 'admin') {
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: 'The original of this photo is not offered for download.',
      });
    }
    if (input.kind === 'original') {
      // Logged when the URL is handed out: the URL is the download (README, Privacy: download log).
      await logDownload(ctx.db, { userId: ctx.viewer.id, kind: 'photo-original', imageId: image.id });
    }
    return imageDownloadUrl(ctx, image, input.kind);
  }),

  /**
   * "This is me — hide it": hides a photo the viewer can see from every member at once and puts
   * the request in the admins' queue. At most `TAKEDOWNS_PER_DAY` requests per member per 24 hours.
   */
  hide: protectedProcedure.input(hideImageSchema).mutation(async ({ ctx, input }) => {
    const image = await findVisibleImage(ctx.db, viewerScope(ctx.viewer), input.id);
    if (!image) throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no such photo.' });
    const result = await requestTakedown(ctx.db, {
      image,
      requesterId: ctx.viewer.id,
      reason: input.reason || null,
      limitPerDay: TAKEDOWNS_PER_DAY,
    });
    if (!result.ok) {
      throw new TRPCError({
        code: 'TOO_MANY_REQUESTS',
        message: `You have asked to hide ${TAKEDOWNS_PER_DAY} photos in the last 24 hours, the most allowed. Try again tomorrow or write to an admin.`,
      });
    }
    return { id: result.request.id, state: result.request.state };
  }),
});
