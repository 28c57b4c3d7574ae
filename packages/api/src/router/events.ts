import { findEventBySlug, listVisibleEvents } from '@party/db';
import { TRPCError } from '@trpc/server';
import { eventBySlugSchema } from '../schemas/events';
import { protectedProcedure, router } from '../trpc';
import { viewerScope } from '../visibility';

export const eventsRouter = router({
  /** Events with photos the viewer may see, newest first. */
  list: protectedProcedure.query(async ({ ctx }) => {
    const rows = await listVisibleEvents(ctx.db, viewerScope(ctx.viewer));
    return rows.map(({ event, imageCount }) => ({
      id: event.id,
      slug: event.slug,
      title: event.title,
      eventDate: event.eventDate,
      venue: event.venue,
      imageCount,
    }));
  }),

  bySlug: protectedProcedure.input(eventBySlugSchema).query(async ({ ctx, input }) => {
    const event = await findEventBySlug(ctx.db, input.slug);
    const visible =
      event &&
      (await listVisibleEvents(ctx.db, viewerScope(ctx.viewer))).some((r) => r.event.id === event.id);
    if (!event || !visible) throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no such event.' });
    return {
      id: event.id,
      slug: event.slug,
      title: event.title,
      eventDate: event.eventDate,
      venue: event.venue,
      description: event.description,
    };
  }),
});
