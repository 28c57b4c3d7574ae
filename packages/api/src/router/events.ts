import {
  type AudienceClass,
  type Database,
  type Event,
  findEventBySlug,
  listEventCovers,
  listEventPhotoCounts,
  listVisibleEvents,
} from '@party/db';
import { TRPCError } from '@trpc/server';
import { imageUrls, withVariants } from '../media/image-urls';
import { libraryMemory } from '../media/library-memory';
import { eventBySlugSchema } from '../schemas/events';
import { protectedProcedure, router } from '../trpc';
import { audienceOf, libraryStateFor, viewerScope } from '../visibility';

/** What members see of an event. */
const eventSummary = (event: Event) => ({
  id: event.id,
  slug: event.slug,
  title: event.title,
  eventDate: event.eventDate,
  venue: event.venue,
});

const AUDIENCES: AudienceClass[] = ['admin', 'attendee', 'member'];

/** Every event with photos, what each audience class sees of it, and each class's cover photo. */
async function readEventGalleries(db: Database) {
  const events = await listEventPhotoCounts(db);
  const ids = events.map((row) => row.event.id);
  const coversByClass = await Promise.all(AUDIENCES.map((audience) => listEventCovers(db, audience, ids)));
  const coverOf = Object.fromEntries(
    AUDIENCES.map((audience, index) => [
      audience,
      new Map((coversByClass[index] ?? []).map((cover) => [cover.eventId, cover.id])),
    ]),
  ) as Record<AudienceClass, Map<string, string>>;
  const unique = new Map(coversByClass.flat().map((cover) => [cover.id, cover]));
  return {
    events: events.map(({ event, ...counts }) => ({
      event,
      counts: counts as Record<AudienceClass, number>,
    })),
    coverOf,
    covers: await withVariants(db, [...unique.values()]),
  };
}

export const eventsRouter = router({
  /**
   * Events with photos the viewer may see, newest first, each with a cover photo they may see.
   * Read from this process's library memory: two statements per call (session, library state).
   */
  list: protectedProcedure.query(async ({ ctx }) => {
    const { version, attended } = await libraryStateFor(ctx.db, ctx.viewer);
    const galleries = await libraryMemory(ctx.db).remember(
      version,
      'events',
      () => readEventGalleries(ctx.db),
      (read) => read.events.length + read.covers.rows.length,
    );
    const shown = galleries.events.flatMap(({ event, counts }) => {
      const audience = audienceOf(ctx.viewer, attended, event.id);
      const coverId = galleries.coverOf[audience].get(event.id);
      return counts[audience] > 0 ? [{ event, coverId, imageCount: counts[audience] }] : [];
    });
    const coverIds = new Set(shown.map((row) => row.coverId));
    const covers = galleries.covers.rows.filter((cover) => coverIds.has(cover.id));
    const signed = new Map(
      (await imageUrls(ctx, { rows: covers, variants: galleries.covers.variants })).map((cover) => [
        cover.id,
        cover,
      ]),
    );
    return shown.map(({ event, coverId, imageCount }) => {
      const cover = coverId === undefined ? undefined : signed.get(coverId);
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
