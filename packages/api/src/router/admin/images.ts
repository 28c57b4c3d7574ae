import {
  findEventById,
  findImageById,
  listEventImagesForAdmin,
  markImagesDeleting,
  reorderEventImages,
  resetImageForRetry,
  setImagesOriginalDownload,
  setImagesVisibility,
  sortEventImages,
  updateEvent,
} from '@party/db';
import { urlIdFromOriginalKey } from '@party/storage';
import { TRPCError } from '@trpc/server';
import { galleriesOf, notifyAbout } from '../../mail/notices';
import { withImageUrls } from '../../media/image-urls';
import {
  deleteImagesSchema,
  imageIdSchema,
  listEventImagesSchema,
  reorderImagesSchema,
  setCoverSchema,
  setImagesVisibilitySchema,
  setOriginalDownloadSchema,
  sortImagesSchema,
} from '../../schemas/images';
import { adminProcedure, router } from '../../trpc';

export const adminImagesRouter = router({
  /** Every image of an event with processing status, progress and, when ready, URLs. */
  list: adminProcedure.input(listEventImagesSchema).query(async ({ ctx, input }) => {
    const rows = await listEventImagesForAdmin(ctx.db, input.eventId);
    const ready = new Map(
      (
        await withImageUrls(
          ctx,
          rows.filter((r) => r.status === 'ready'),
        )
      ).map((r) => [r.id, r]),
    );
    return rows.map((row) => ({
      id: row.id,
      originalName: row.originalName,
      /** The id in the tus URL it was uploaded through, so the upload panel can show its fate. */
      uploadId: row.uploadId ? urlIdFromOriginalKey(row.uploadId) : null,
      bytes: row.bytes,
      status: row.status,
      progress: row.progress,
      failureReason: row.failureReason,
      /** False when the file itself was refused: the admin gets Remove, not Retry. */
      retryable: row.status === 'failed' && row.failureRetryable && row.duplicateOf === null,
      duplicateOf: row.duplicateOf,
      visibility: row.visibility,
      allowOriginalDownload: row.allowOriginalDownload,
      /** Hidden from members by a takedown request (see `admin.takedowns`). */
      hidden: row.hiddenAt !== null,
      width: row.width,
      height: row.height,
      takenAt: row.takenAt,
      thumbhash: row.thumbhash,
      thumbUrl: ready.get(row.id)?.thumbUrl ?? null,
      previewUrl: ready.get(row.id)?.previewUrl ?? null,
    }));
  }),

  /** With `notify`, also mails the people who can now see each affected event's gallery (README, Mail). */
  setVisibility: adminProcedure.input(setImagesVisibilitySchema).mutation(async ({ ctx, input }) => {
    const { notify, ...target } = input;
    const updated = await setImagesVisibility(ctx.db, target);
    const notified =
      notify && updated > 0 && target.visibility !== 'draft'
        ? await notifyAbout(ctx, 'gallery', await galleriesOf(ctx, target))
        : 0;
    return { updated, notified };
  }),

  setOriginalDownload: adminProcedure.input(setOriginalDownloadSchema).mutation(async ({ ctx, input }) => {
    return { updated: await setImagesOriginalDownload(ctx.db, input.ids, input.allow) };
  }),

  /** Hides the images at once and deletes their S3 objects, then rows, in the background. */
  delete: adminProcedure.input(deleteImagesSchema).mutation(async ({ ctx, input }) => {
    const marked = await markImagesDeleting(ctx.db, input.ids);
    if (marked.length > 0) await ctx.jobs.send('delete-images', { imageIds: marked.map((m) => m.id) });
    return { deleting: marked.length };
  }),

  setCover: adminProcedure.input(setCoverSchema).mutation(async ({ ctx, input }) => {
    const image = await findImageById(ctx.db, input.imageId);
    if (!image || image.eventId !== input.eventId || image.status !== 'ready') {
      throw new TRPCError({
        code: 'BAD_REQUEST',
        message: 'Only a processed photo of this event can be its cover.',
      });
    }
    if (!(await findEventById(ctx.db, input.eventId))) {
      throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no such event.' });
    }
    await updateEvent(ctx.db, input.eventId, { coverImageId: input.imageId });
    return { ok: true };
  }),

  /** Puts the gallery in the admin's order (members and ZIPs follow it). */
  reorder: adminProcedure.input(reorderImagesSchema).mutation(async ({ ctx, input }) => {
    if (!(await findEventById(ctx.db, input.eventId))) {
      throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no such event.' });
    }
    if (!(await reorderEventImages(ctx.db, input.eventId, input.ids))) {
      throw new TRPCError({
        code: 'CONFLICT',
        message:
          'The photos of this event changed meanwhile (an upload or a removal). Reload and move it again.',
      });
    }
    return { ok: true };
  }),

  /** Sorts the gallery once by capture time, file name or upload order; the result is the new order. */
  sort: adminProcedure.input(sortImagesSchema).mutation(async ({ ctx, input }) => {
    if (!(await findEventById(ctx.db, input.eventId))) {
      throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no such event.' });
    }
    return { sorted: await sortEventImages(ctx.db, input.eventId, input.by) };
  }),

  retry: adminProcedure.input(imageIdSchema).mutation(async ({ ctx, input }) => {
    if (!(await resetImageForRetry(ctx.db, input.id))) {
      throw new TRPCError({
        code: 'PRECONDITION_FAILED',
        message:
          'Only a photo that failed for a passing reason can be processed again; a refused file fails the same way every time. Remove it instead.',
      });
    }
    await ctx.jobs.send('process-image', { imageId: input.id });
    return { ok: true };
  }),
});
