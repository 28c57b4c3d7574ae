import { and, asc, count, desc, eq, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { eventAttendees, events, images, user } from '../schema';
import { type ViewerScope, visibleTo } from './visibility';

export type Event = typeof events.$inferSelect;
export type EventInput = Pick<Event, 'title' | 'slug' | 'eventDate'> &
  Partial<Pick<Event, 'venue' | 'description'>>;

export async function createEvent(db: Database, input: EventInput & { createdBy: string }): Promise<Event> {
  const [row] = await db.insert(events).values(input).returning();
  if (!row) throw new Error('insert into events returned no row');
  return row;
}

export async function updateEvent(
  db: Database,
  id: string,
  input: Partial<EventInput> & { coverImageId?: string | null },
): Promise<Event | undefined> {
  const [row] = await db
    .update(events)
    .set({ ...input, updatedAt: new Date() })
    .where(eq(events.id, id))
    .returning();
  return row;
}

export async function isSlugTaken(db: Database, slug: string, exceptId?: string): Promise<boolean> {
  const row = await db.query.events.findFirst({
    columns: { id: true },
    where: exceptId ? and(eq(events.slug, slug), ne(events.id, exceptId)) : eq(events.slug, slug),
  });
  return row !== undefined;
}

export async function findEventById(db: Database, id: string): Promise<Event | undefined> {
  return db.query.events.findFirst({ where: eq(events.id, id) });
}

export async function findEventBySlug(db: Database, slug: string): Promise<Event | undefined> {
  return db.query.events.findFirst({ where: eq(events.slug, slug) });
}

/** Deletes an event that has no images left (their S3 objects go first, image by image). */
export async function deleteEmptyEvent(
  db: Database,
  id: string,
): Promise<'deleted' | 'not-empty' | 'missing'> {
  const [{ value: imageCount } = { value: 0 }] = await db
    .select({ value: count() })
    .from(images)
    .where(eq(images.eventId, id));
  if (imageCount > 0) return 'not-empty';
  const deleted = await db.delete(events).where(eq(events.id, id)).returning({ id: events.id });
  return deleted.length > 0 ? 'deleted' : 'missing';
}

/** All events for admins, newest first, with image counts by status. */
export async function listEventsForAdmin(db: Database) {
  return db
    .select({
      event: events,
      imageCount: sql<number>`count(${images.id})::int`,
      readyCount: sql<number>`count(${images.id}) filter (where ${images.status} = 'ready')::int`,
      draftCount: sql<number>`count(${images.id}) filter (where ${images.visibility} = 'draft')::int`,
      hiddenCount: sql<number>`count(${images.id}) filter (where ${images.hiddenAt} is not null)::int`,
      // Duplicates end failed too, but they are flagged on purpose and need nobody's attention.
      failedCount: sql<number>`count(${images.id}) filter (where ${images.status} = 'failed' and ${images.duplicateOf} is null)::int`,
    })
    .from(events)
    .leftJoin(images, eq(images.eventId, events.id))
    .groupBy(events.id)
    .orderBy(desc(events.eventDate), desc(events.createdAt));
}

/** Events with at least one ready image the viewer may see, newest first, with that count. */
export async function listVisibleEvents(db: Database, viewer: ViewerScope) {
  return db
    .select({ event: events, imageCount: sql<number>`count(${images.id})::int` })
    .from(events)
    .innerJoin(
      images,
      and(eq(images.eventId, events.id), eq(images.status, 'ready'), visibleTo(viewer, images)),
    )
    .groupBy(events.id)
    .orderBy(desc(events.eventDate), desc(events.createdAt));
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

export async function isAttendee(db: Database, eventId: string, userId: string): Promise<boolean> {
  const row = await db.query.eventAttendees.findFirst({
    where: and(eq(eventAttendees.eventId, eventId), eq(eventAttendees.userId, userId)),
  });
  return row !== undefined;
}

export async function listAttendees(db: Database, eventId: string) {
  return db
    .select({
      userId: user.id,
      email: user.email,
      name: user.name,
      photoConsent: user.photoConsent,
      addedAt: eventAttendees.addedAt,
      source: eventAttendees.source,
    })
    .from(eventAttendees)
    .innerJoin(user, eq(user.id, eventAttendees.userId))
    .where(eq(eventAttendees.eventId, eventId))
    .orderBy(asc(user.email));
}

/**
 * Adds the accounts with these e-mails to the event's attendee list. Returns the addresses that
 * belong to no account, so the admin can be told instead of them being dropped silently.
 */
export async function addAttendeesByEmail(db: Database, eventId: string, emails: string[]) {
  const wanted = [...new Set(emails.map((email) => email.trim().toLowerCase()).filter(Boolean))];
  if (wanted.length === 0) return { added: 0, unknown: [] as string[] };
  const found = await db
    .select({ id: user.id, email: user.email })
    .from(user)
    .where(inArray(user.email, wanted));
  const known = new Set(found.map((row) => row.email));
  if (found.length > 0) {
    await db
      .insert(eventAttendees)
      .values(found.map((row) => ({ eventId, userId: row.id })))
      .onConflictDoNothing();
  }
  return { added: found.length, unknown: wanted.filter((email) => !known.has(email)) };
}

export async function removeAttendee(db: Database, eventId: string, userId: string): Promise<void> {
  await db
    .delete(eventAttendees)
    .where(and(eq(eventAttendees.eventId, eventId), eq(eventAttendees.userId, userId)));
}

/**
 * The admin's answer to an event the ticketing backend deleted while it had photos: it becomes an
 * event of this service (no external id, its attendees kept as if added by hand). Undefined when
 * the event is not one marked that way.
 */
export async function keepEventAsLocal(db: Database, id: string): Promise<Event | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(events)
      .set({ externalId: null, removedUpstreamAt: null, updatedAt: new Date() })
      .where(and(eq(events.id, id), isNotNull(events.removedUpstreamAt)))
      .returning();
    if (row) {
      await tx
        .update(eventAttendees)
        .set({ source: 'manual', subject: null })
        .where(eq(eventAttendees.eventId, id));
    }
    return row;
  });
}
