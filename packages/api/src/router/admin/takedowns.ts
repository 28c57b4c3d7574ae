import { decideTakedown, listTakedownsForAdmin, markImagesDeleting } from '@party/db';
import { TRPCError } from '@trpc/server';
import { withImageUrls } from '../../media/image-urls';
import { decideTakedownSchema, listTakedownsSchema } from '../../schemas/privacy';
import { adminProcedure, router } from '../../trpc';

export const adminTakedownsRouter = router({
  /** The queue: open requests (or every request), who asked and why, and the hidden photo. */
  list: adminProcedure.input(listTakedownsSchema).query(async ({ ctx, input }) => {
    const rows = await listTakedownsForAdmin(ctx.db, {
      states: input?.show === 'all' ? undefined : ['open'],
    });
    const photos = await withImageUrls(
      ctx,
      rows.flatMap((row) => (row.image?.status === 'ready' ? [row.image] : [])),
    );
    const photoOf = new Map(photos.map((photo) => [photo.id, photo]));
    return rows.map(({ request, requester, decidedByName, event, image }) => {
      const photo = image ? photoOf.get(image.id) : undefined;
      return {
        id: request.id,
        state: request.state,
        reason: request.reason,
        adminNote: request.adminNote,
        createdAt: request.createdAt,
        decidedAt: request.decidedAt,
        decidedByName,
        requester,
        event,
        image: image
          ? {
              id: image.id,
              originalName: image.originalName,
              hidden: image.hiddenAt !== null,
              status: image.status,
              thumbUrl: photo?.thumbUrl ?? null,
              previewUrl: photo?.previewUrl ?? null,
              thumbhash: image.thumbhash,
              width: image.width,
              height: image.height,
            }
          : null,
      };
    });
  }),

  /**
   * Keep the photo hidden, delete it, or restore it; the note reaches the requester. Applies to
   * every open or kept-hidden request of the same photo.
   */
  decide: adminProcedure.input(decideTakedownSchema).mutation(async ({ ctx, input }) => {
    const decided = await decideTakedown(ctx.db, {
      id: input.id,
      decision: input.decision,
      note: input.note || null,
      adminId: ctx.viewer.id,
    });
    if (!decided) {
      throw new TRPCError({
        code: 'PRECONDITION_FAILED',
        message: 'This request was already settled (restored or deleted), or its photo is gone.',
      });
    }
    if (input.decision === 'delete') {
      const marked = await markImagesDeleting(ctx.db, [decided.imageId]);
      if (marked.length > 0) await ctx.jobs.send('delete-images', { imageIds: marked.map((m) => m.id) });
    }
    return { requests: decided.requests };
  }),
});
