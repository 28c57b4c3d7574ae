import { asc, eq, sql } from 'drizzle-orm';
import type { Database, Transaction } from '../client';
import { eventAttendees, type PhotoConsent, session, user } from '../schema';

export type User = typeof user.$inferSelect;

export async function findUserById(db: Database, id: string): Promise<User | undefined> {
  return db.query.user.findFirst({ where: eq(user.id, id) });
}

/**
 * A session by its token together with the person it belongs to, in one statement: what the
 * per-request session check needs (README, Sessions). Undefined when there is no such session.
 */
export async function findSessionWithUser(db: Database, token: string) {
  const [row] = await db
    .select({
      expiresAt: session.expiresAt,
      userId: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      disabled: user.disabled,
    })
    .from(session)
    .innerJoin(user, eq(user.id, session.userId))
    .where(eq(session.token, token));
  return row;
}

export async function findUserByEmail(db: Database, email: string): Promise<User | undefined> {
  return db.query.user.findFirst({ where: eq(user.email, email.toLowerCase()) });
}

export async function listUsers(db: Database): Promise<User[]> {
  return db.query.user.findMany({ orderBy: [asc(user.role), asc(user.email)] });
}

/**
 * Disables or re-enables an account. Disabling also ends every session of the account at once,
 * so a disabled member is signed out everywhere rather than at the next expiry.
 */
export async function setUserDisabled(
  db: Database,
  params: { userId: string; disabled: boolean },
): Promise<User | undefined> {
  return db.transaction((tx) => setUserDisabledIn(tx, params));
}

/** `setUserDisabled` inside a transaction the caller already holds (the ticketing webhooks' one). */
export async function setUserDisabledIn(
  tx: Transaction,
  params: { userId: string; disabled: boolean },
): Promise<User | undefined> {
  const [row] = await tx
    .update(user)
    .set({ disabled: params.disabled, updatedAt: new Date() })
    .where(eq(user.id, params.userId))
    .returning();
  if (row && params.disabled) await tx.delete(session).where(eq(session.userId, params.userId));
  return row;
}

export async function setPhotoConsent(db: Database, userId: string, consent: PhotoConsent): Promise<void> {
  await db.update(user).set({ photoConsent: consent, updatedAt: new Date() }).where(eq(user.id, userId));
}

/** How many of an event's attendees said `ask-first` and `never` about photos of them. */
export async function countAttendeeConsents(db: Database, eventId: string) {
  const [row] = await db
    .select({
      attendees: sql<number>`count(*)::int`,
      askFirst: sql<number>`count(*) filter (where ${user.photoConsent} = 'ask-first')::int`,
      never: sql<number>`count(*) filter (where ${user.photoConsent} = 'never')::int`,
    })
    .from(eventAttendees)
    .innerJoin(user, eq(user.id, eventAttendees.userId))
    .where(eq(eventAttendees.eventId, eventId));
  return row ?? { attendees: 0, askFirst: 0, never: 0 };
}

/**
 * Sets an account's role; used when a sign-in through the ticketing backend brings a role from its
 * claims that differs from the stored one (promotion or demotion takes effect at that sign-in).
 */
export async function setUserRole(
  db: Database,
  params: { userId: string; role: User['role'] },
): Promise<void> {
  await db.update(user).set({ role: params.role, updatedAt: new Date() }).where(eq(user.id, params.userId));
}
