import { findVisibleImage, listVisibleEventImages } from '@party/db';
import { TRPCError } from '@trpc/server';
import { imageDownloadUrl, withImageUrls } from '../media/image-urls';
import { downloadImageSchema, listEventImagesSchema } from '../schemas/images';
import { protectedProcedure, router } from '../trpc';
import { viewerScope } from '../visibility';

export const imagesRouter = router({
  /** The photos of an event that the viewer may see, with URLs valid for 15 minutes. */
  list: protectedProcedure.input(listEventImagesSchema).query(async ({ ctx, input }) => {
    const rows = await listVisibleEventImages(ctx.db, viewerScope(ctx.viewer), input.eventId);
    return withImageUrls(ctx, rows);
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
    return imageDownloadUrl(ctx, image, input.kind);
  }),
});
