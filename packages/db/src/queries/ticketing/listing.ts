import { and, eq, isNotNull } from 'drizzle-orm';
import type { Database } from '../../client';
import { eventAttendees, events, pendingAttendances } from '../../schema';

/** Events that came from the ticketing backend, by their external id. */
export async function listSyncedEvents(db: Database) {
  const rows = await db
    .select({ externalId: events.externalId, removedUpstreamAt: events.removedUpstreamAt })
    .from(events)
    .where(isNotNull(events.externalId));
  return rows.flatMap((row) =>
    row.externalId ? [{ externalId: row.externalId, removedUpstreamAt: row.removedUpstreamAt }] : [],
  );
}

/**
 * The subjects the backend's listings put on an event here: attendee rows it added and pending
 * attendances (rows an admin added by hand are not among them).
 */
export async function listSyncedAttendanceSubjects(db: Database, eventExternalId: string): Promise<string[]> {
  const attendees = await db
    .select({ subject: eventAttendees.subject })
    .from(eventAttendees)
    .innerJoin(events, eq(events.id, eventAttendees.eventId))
    .where(and(eq(events.externalId, eventExternalId), eq(eventAttendees.source, 'ticketing')));
  const pending = await db
    .select({ subject: pendingAttendances.subject })
    .from(pendingAttendances)
    .innerJoin(events, eq(events.id, pendingAttendances.eventId))
    .where(eq(events.externalId, eventExternalId));
  return [
    ...new Set([
      ...attendees.flatMap((row) => (row.subject ? [row.subject] : [])),
      ...pending.map((row) => row.subject),
    ]),
  ];
}
