import { and, desc, eq, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { eventAttendees, events, galleryVersion, images } from '../schema';
import { visibleTo } from './visibility';

/** What a request that reads galleries from memory learns first, in one statement. */
export interface GalleryState {
  /** Rises with every committed change to events, attendees, photos or their derivatives. */
  version: bigint;
  /** The events this member attended (none for `userId` null). */
  attended: ReadonlySet<string>;
}

/**
 * The gallery version (migration 0018's triggers raise it in the transaction of every change,
 * at its commit) and the events the member attended. Read before whatever is then remembered under
 * that version, so what is remembered is never older than the version it is filed under.
 */
export async function readGalleryState(db: Database, userId: string | null): Promise<GalleryState> {
  const [row] = await db
    .select({
      version: galleryVersion.version,
      attended:
        userId === null
          ? sql<string[]>`'{}'::text[]`
          : sql<
              string[]
            >`array(select ${eventAttendees.eventId}::text from ${eventAttendees} where ${eventAttendees.userId} = ${userId})`,
    })
    .from(galleryVersion);
  if (!row) throw new Error('gallery_version has no row (migration 0018 inserts it)');
  return { version: row.version, attended: new Set(row.attended) };
}

/**
 * Events with at least one ready photo, newest first, with how many ready photos each audience
 * class sees (`visibleTo`'s rule per class): the same events and counts `listVisibleEvents`
 * gives any one viewer, for all of them at once.
 */
export async function listEventPhotoCounts(db: Database) {
  return db
    .select({
      event: events,
      admin: sql<number>`count(*)::int`,
      attendee: sql<number>`(count(*) filter (where ${visibleTo('attendee', images)}))::int`,
      member: sql<number>`(count(*) filter (where ${visibleTo('member', images)}))::int`,
    })
    .from(events)
    .innerJoin(images, and(eq(images.eventId, events.id), eq(images.status, 'ready')))
    .groupBy(events.id)
    .orderBy(desc(events.eventDate), desc(events.createdAt));
}
