import { and, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { Database, Transaction } from '../../client';
import { account, eventAttendees, invites, pendingAttendances, user } from '../../schema';
import type { User } from '../users';

/** The provider id under which better-auth stores accounts signed in through the ticketing backend. */
export const TICKETING_PROVIDER_ID = 'ticketing';

/** A person as the ticketing backend names them. */
export interface TicketingPerson {
  /** OpenID Connect subject at the ticketing backend: stable across e-mail changes. */
  subject: string;
  email: string;
}

/**
 * Whether this account's e-mail address may stand for a person of the ticketing backend: it is
 * verified (set by the CLI, the demo seed, or an OpenID provider that verified it), or the account
 * was created through an invite an admin bound to exactly this address. An invite without an
 * address can be used with any address, so such an account's e-mail proves nothing: matching it
 * would hand someone else's attendee-only photos to whoever typed their address at sign-up.
 */
const emailIsTrusted = sql<boolean>`(${user.emailVerified} or exists (
  select 1 from ${invites}
  where ${invites.usedAt} is not null
    and lower(${invites.email}) = lower(${user.email})
    and lower(${invites.usedByEmail}) = lower(${user.email})
))`;

/** An account linked to the ticketing backend is identified by its subject only, never by e-mail. */
const hasNoTicketingAccount = sql<boolean>`not exists (
  select 1 from ${account}
  where ${account.userId} = ${user.id} and ${account.providerId} = ${TICKETING_PROVIDER_ID}
)`;

/**
 * The account of a person of the ticketing backend: the one signed in with their subject, else a
 * local account whose e-mail is theirs and trusted (see `emailIsTrusted`) and that is not already
 * linked to another subject. Undefined when they have no account here yet.
 */
export async function findUserForPerson(
  db: Database | Transaction,
  person: TicketingPerson,
): Promise<User | undefined> {
  const [bySubject] = await db
    .select({ user })
    .from(account)
    .innerJoin(user, eq(user.id, account.userId))
    .where(and(eq(account.providerId, TICKETING_PROVIDER_ID), eq(account.accountId, person.subject)))
    .limit(1);
  if (bySubject) return bySubject.user;
  const [byEmail] = await db
    .select()
    .from(user)
    .where(and(eq(user.email, person.email.toLowerCase()), emailIsTrusted, hasNoTicketingAccount))
    .limit(1);
  return byEmail;
}

/**
 * Turns the pending attendances of a person who just signed in into attendee rows (source
 * `ticketing`) and takes over their photo consent. Matches by the OpenID subject of the account's
 * ticketing login; an account without one (a local account) matches by its e-mail only when that
 * address is trusted (see `emailIsTrusted`). Called after every session is created; returns how
 * many attendances were claimed (0 almost always).
 */
export async function claimPendingAttendances(db: Database, claimant: Pick<User, 'id'>): Promise<number> {
  return db.transaction(async (tx) => {
    const subjects = (
      await tx
        .select({ subject: account.accountId })
        .from(account)
        .where(and(eq(account.userId, claimant.id), eq(account.providerId, TICKETING_PROVIDER_ID)))
    ).map((row) => row.subject);
    const [local] =
      subjects.length === 0
        ? await tx
            .select({ email: user.email })
            .from(user)
            .where(and(eq(user.id, claimant.id), emailIsTrusted))
        : [];
    const matches = [
      ...(subjects.length > 0 ? [inArray(pendingAttendances.subject, subjects)] : []),
      ...(local ? [eq(pendingAttendances.email, local.email.toLowerCase())] : []),
    ];
    if (matches.length === 0) return 0;
    const claimed = await tx
      .delete(pendingAttendances)
      .where(or(...matches))
      .returning();
    if (claimed.length === 0) return 0;
    await tx
      .insert(eventAttendees)
      .values(
        claimed.map((row) => ({
          eventId: row.eventId,
          userId: claimant.id,
          source: 'ticketing' as const,
          subject: row.subject,
        })),
      )
      .onConflictDoNothing();
    const newest = [...claimed].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
    if (newest) {
      await tx.update(user).set({ photoConsent: newest.photoConsent }).where(eq(user.id, claimant.id));
    }
    return claimed.length;
  });
}

/** Pending attendances of an event (people on the backend's list without an account here yet). */
export async function listPendingAttendances(db: Database, eventId: string) {
  return db
    .select()
    .from(pendingAttendances)
    .where(eq(pendingAttendances.eventId, eventId))
    .orderBy(desc(pendingAttendances.createdAt));
}
