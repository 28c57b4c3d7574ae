import { type Event, findEventBySlug, listEventCovers, listVisibleEvents } from '@party/db';
import { TRPCError } from '@trpc/server';
import { withImageUrls } from '../media/image-urls';
import { eventBySlugSchema } from '../schemas/events';
import { protectedProcedure, router } from '../trpc';
import { viewerScope } from '../visibility';

/** What members see of an event. */
const eventSummary = (event: Event) => ({
  id: event.id,
  slug: event.slug,
  title: event.title,
  eventDate: event.eventDate,
  venue: event.venue,
});

export const eventsRouter = router({
  /** Events with photos the viewer may see, newest first, each with a cover photo they may see. */
  list: protectedProcedure.query(async ({ ctx }) => {
    const scope = viewerScope(ctx.viewer);
    const rows = await listVisibleEvents(ctx.db, scope);
    const covers = await withImageUrls(
      ctx,
      await listEventCovers(
        ctx.db,
        scope,
        rows.map((row) => row.event.id),
      ),
    );
    const coverOf = new Map(covers.map((cover) => [cover.eventId, cover]));
    return rows.map(({ event, imageCount }) => {
      const cover = coverOf.get(event.id);
      return {
        ...eventSummary(event),
        imageCount,
        cover: cover
          ? { url: cover.thumbUrl, thumbhash: cover.thumbhash, width: cover.width, height: cover.height }
          : null,
      };
    });
  }),

  bySlug: protectedProcedure.input(eventBySlugSchema).query(async ({ ctx, input }) => {
    const event = await findEventBySlug(ctx.db, input.slug);
    const visible =
      event &&
      (await listVisibleEvents(ctx.db, viewerScope(ctx.viewer))).some((r) => r.event.id === event.id);
    if (!event || !visible) throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no such event.' });
    return { ...eventSummary(event), description: event.description };
  }),
});
