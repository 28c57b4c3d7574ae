import { and, count, eq, ne } from 'drizzle-orm';
import type { Database, Transaction } from '../../client';
import { eventAttendees, events, images, type PhotoConsent, pendingAttendances, user } from '../../schema';
import { setUserDisabledIn } from '../users';
import { findUserForPerson, type TicketingPerson } from './people';
import { advanceVersion, versionKey } from './versions';

/*
 * Applying the ticketing backend's records, whether a webhook or the reconciliation pull brought
 * them. Each function runs in one transaction, checks the record's version first (see
 * `advanceVersion`) and says what it did.
 */

export type ApplyOutcome =
  | 'created'
  | 'updated'
  | 'unchanged'
  | 'removed'
  /** An event with photos the backend deleted: kept and marked for an admin to decide. */
  | 'marked'
  /** An attendee without an account here yet: kept as a pending attendance. */
  | 'pending'
  /** A version not newer than one already applied: nothing changed. */
  | 'stale'
  /** A member state for a person with no account here: nothing to change. */
  | 'no-account';

/** The fields of an event that the ticketing backend owns (admins cannot edit them here). */
export interface UpstreamEvent {
  externalId: string;
  title: string;
  /** YYYY-MM-DD */
  date: string;
  venue: string | null;
  slug: string;
  updatedAt: Date;
}

export interface UpstreamAttendance {
  eventExternalId: string;
  person: TicketingPerson & { name: string; photoConsent: PhotoConsent };
  updatedAt: Date;
}

/** Thrown when an attendance names an event not received yet: the job retries it later. */
export class UnknownEventError extends Error {
  override name = 'UnknownEventError';
  constructor(externalId: string) {
    super(`The event ${externalId} has not been received from the ticketing backend yet.`);
  }
}

/** `slug`, or `slug-2`, `slug-3`, … when another event already uses it. */
async function freeSlug(tx: Transaction, slug: string, ownId?: string): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? slug : `${slug}-${n}`;
    const clash = await tx.query.events.findFirst({
      columns: { id: true },
      where: ownId ? and(eq(events.slug, candidate), ne(events.id, ownId)) : eq(events.slug, candidate),
    });
    if (!clash) return candidate;
  }
}

export async function applyEventUpsert(db: Database, event: UpstreamEvent): Promise<ApplyOutcome> {
  return db.transaction(async (tx) => {
    const newer = await advanceVersion(tx, {
      key: versionKey.event(event.externalId),
      updatedAt: event.updatedAt,
      deleted: false,
    });
    if (!newer) return 'stale';
    const existing = await tx.query.events.findFirst({ where: eq(events.externalId, event.externalId) });
    const fields = { title: event.title, eventDate: event.date, venue: event.venue };
    if (existing) {
      await tx
        .update(events)
        .set({
          ...fields,
          slug: await freeSlug(tx, event.slug, existing.id),
          removedUpstreamAt: null,
          updatedAt: new Date(),
        })
        .where(eq(events.id, existing.id));
      return 'updated';
    }
    await tx
      .insert(events)
      .values({ ...fields, slug: await freeSlug(tx, event.slug), externalId: event.externalId });
    return 'created';
  });
}

/**
 * The backend deleted an event: an event without photos goes (its attendee list with it); one with
 * photos stays, marked `removedUpstreamAt`, because photos are never deleted by a webhook.
 */
export async function applyEventDeletion(
  db: Database,
  params: { externalId: string; updatedAt: Date },
): Promise<ApplyOutcome> {
  return db.transaction(async (tx) => {
    const newer = await advanceVersion(tx, {
      key: versionKey.event(params.externalId),
      updatedAt: params.updatedAt,
      deleted: true,
    });
    if (!newer) return 'stale';
    const existing = await tx.query.events.findFirst({ where: eq(events.externalId, params.externalId) });
    if (!existing) return 'unchanged';
    const [{ photos } = { photos: 0 }] = await tx
      .select({ photos: count() })
      .from(images)
      .where(eq(images.eventId, existing.id));
    if (photos > 0) {
      await tx.update(events).set({ removedUpstreamAt: new Date() }).where(eq(events.id, existing.id));
      return 'marked';
    }
    await tx.delete(events).where(eq(events.id, existing.id));
    return 'removed';
  });
}

export async function applyAttendanceUpsert(
  db: Database,
  attendance: UpstreamAttendance,
): Promise<ApplyOutcome> {
  return db.transaction(async (tx) => {
    const event = await tx.query.events.findFirst({
      columns: { id: true },
      where: eq(events.externalId, attendance.eventExternalId),
    });
    if (!event) throw new UnknownEventError(attendance.eventExternalId);
    const { person } = attendance;
    const newer = await advanceVersion(tx, {
      key: versionKey.attendance(attendance.eventExternalId, person.subject),
      updatedAt: attendance.updatedAt,
      deleted: false,
    });
    if (!newer) return 'stale';
    const personIsNewer = await advanceVersion(tx, {
      key: versionKey.person(person.subject),
      updatedAt: attendance.updatedAt,
      deleted: false,
    });
    const account = await findUserForPerson(tx, person);
    if (!account) {
      const pending = {
        email: person.email.toLowerCase(),
        name: person.name,
        photoConsent: person.photoConsent,
      };
      await tx
        .insert(pendingAttendances)
        .values({ eventId: event.id, subject: person.subject, ...pending })
        .onConflictDoUpdate({
          target: [pendingAttendances.eventId, pendingAttendances.subject],
          set: pending,
        });
      return 'pending';
    }
    if (personIsNewer) {
      await tx.update(user).set({ photoConsent: person.photoConsent }).where(eq(user.id, account.id));
    }
    await tx
      .delete(pendingAttendances)
      .where(and(eq(pendingAttendances.eventId, event.id), eq(pendingAttendances.subject, person.subject)));
    const added = await tx
      .insert(eventAttendees)
      .values({ eventId: event.id, userId: account.id, source: 'ticketing', subject: person.subject })
      .onConflictDoNothing()
      .returning({ userId: eventAttendees.userId });
    // A row an admin added by hand stays theirs: the backend's removal will not take it away.
    return added.length > 0 ? 'created' : 'updated';
  });
}

/**
 * The backend took a person off an event's list: their pending attendance goes, and so does the
 * attendee row the backend's listing of that subject made.
 */
export async function applyAttendanceRemoval(
  db: Database,
  params: { eventExternalId: string; person: Pick<TicketingPerson, 'subject'>; updatedAt: Date },
): Promise<ApplyOutcome> {
  return db.transaction(async (tx) => {
    const newer = await advanceVersion(tx, {
      key: versionKey.attendance(params.eventExternalId, params.person.subject),
      updatedAt: params.updatedAt,
      deleted: true,
    });
    if (!newer) return 'stale';
    const event = await tx.query.events.findFirst({
      columns: { id: true },
      where: eq(events.externalId, params.eventExternalId),
    });
    if (!event) return 'unchanged';
    const pending = await tx
      .delete(pendingAttendances)
      .where(
        and(eq(pendingAttendances.eventId, event.id), eq(pendingAttendances.subject, params.person.subject)),
      )
      .returning({ subject: pendingAttendances.subject });
    const attendee = await tx
      .delete(eventAttendees)
      .where(
        and(
          eq(eventAttendees.eventId, event.id),
          eq(eventAttendees.source, 'ticketing'),
          eq(eventAttendees.subject, params.person.subject),
        ),
      )
      .returning({ userId: eventAttendees.userId });
    return pending.length + attendee.length > 0 ? 'removed' : 'unchanged';
  });
}

/**
 * The backend disabled or re-enabled a member. Disabling goes through the same step as an admin's
 * "Disable" here: the flag and, at once, every session of the account.
 */
export async function applyMemberState(
  db: Database,
  params: { person: TicketingPerson; disabled: boolean; updatedAt: Date },
): Promise<ApplyOutcome> {
  return db.transaction(async (tx) => {
    const newer = await advanceVersion(tx, {
      key: versionKey.member(params.person.subject),
      updatedAt: params.updatedAt,
      deleted: false,
    });
    if (!newer) return 'stale';
    const account = await findUserForPerson(tx, params.person);
    if (!account) return 'no-account';
    if (account.disabled === params.disabled) return 'unchanged';
    await setUserDisabledIn(tx, { userId: account.id, disabled: params.disabled });
    return 'updated';
  });
}
