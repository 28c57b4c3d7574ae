import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../client';
import {
  account,
  commentReports,
  downloadLog,
  eventAttendees,
  events,
  favourites,
  invites,
  listeningPositions,
  musicSets,
  notices,
  session,
  shareLinks,
  takedownRequests,
  trackComments,
  tracks,
  uploads,
  user,
  verification,
} from '../schema';

/**
 * Everything stored about one person, as they may download it: the account, how they sign in
 * (never the password hash), their sessions, the events they attended, where they stopped
 * listening, their favourites, their photo consent, their takedown requests, their logged
 * downloads, the invite they joined with, their timed comments and the comments they reported, the
 * sets they are linked to as DJ, and, for admins, their uploads and share links. The
 * content an admin uploaded belongs to the community and is not part of it. Undefined when there
 * is no such account.
 */
export async function exportMemberData(db: Database, userId: string) {
  const person = await db.query.user.findFirst({ where: eq(user.id, userId) });
  if (!person) return undefined;
  const [
    logins,
    sessions,
    attendances,
    positions,
    joinedWith,
    ownUploads,
    ownShareLinks,
    takedowns,
    downloads,
    comments,
    commentReportsMade,
    favouriteRows,
  ] = await Promise.all([
    db
      .select({ provider: account.providerId, createdAt: account.createdAt, updatedAt: account.updatedAt })
      .from(account)
      .where(eq(account.userId, userId))
      .orderBy(asc(account.createdAt)),
    db
      .select({
        createdAt: session.createdAt,
        expiresAt: session.expiresAt,
        ipAddress: session.ipAddress,
        userAgent: session.userAgent,
      })
      .from(session)
      .where(eq(session.userId, userId))
      .orderBy(asc(session.createdAt)),
    db
      .select({
        eventId: events.id,
        event: events.title,
        eventDate: events.eventDate,
        addedAt: eventAttendees.addedAt,
      })
      .from(eventAttendees)
      .innerJoin(events, eq(events.id, eventAttendees.eventId))
      .where(eq(eventAttendees.userId, userId))
      .orderBy(asc(events.eventDate)),
    db
      .select({
        trackId: tracks.id,
        track: sql<string>`coalesce(${tracks.title}, ${musicSets.title})`,
        set: musicSets.title,
        positionSeconds: listeningPositions.positionSeconds,
        updatedAt: listeningPositions.updatedAt,
      })
      .from(listeningPositions)
      .innerJoin(tracks, eq(tracks.id, listeningPositions.trackId))
      .innerJoin(musicSets, eq(musicSets.id, tracks.setId))
      .where(eq(listeningPositions.userId, userId))
      .orderBy(asc(listeningPositions.updatedAt)),
    db
      .select({ createdAt: invites.createdAt, usedAt: invites.usedAt, role: invites.role })
      .from(invites)
      .where(sql`lower(${invites.usedByEmail}) = lower(${person.email})`),
    db
      .select({
        id: uploads.id,
        kind: uploads.kind,
        fileName: uploads.fileName,
        size: uploads.size,
        status: uploads.status,
        createdAt: uploads.createdAt,
      })
      .from(uploads)
      .where(eq(uploads.ownerId, userId))
      .orderBy(asc(uploads.createdAt)),
    db
      .select({
        id: shareLinks.id,
        eventId: shareLinks.eventId,
        setId: shareLinks.setId,
        label: shareLinks.label,
        createdAt: shareLinks.createdAt,
        expiresAt: shareLinks.expiresAt,
        revokedAt: shareLinks.revokedAt,
      })
      .from(shareLinks)
      .where(eq(shareLinks.createdBy, userId))
      .orderBy(asc(shareLinks.createdAt)),
    db
      .select({
        imageId: takedownRequests.imageId,
        eventId: takedownRequests.eventId,
        reason: takedownRequests.reason,
        state: takedownRequests.state,
        adminNote: takedownRequests.adminNote,
        createdAt: takedownRequests.createdAt,
        decidedAt: takedownRequests.decidedAt,
      })
      .from(takedownRequests)
      .where(eq(takedownRequests.requesterId, userId))
      .orderBy(asc(takedownRequests.createdAt)),
    db
      .select({
        kind: downloadLog.kind,
        imageId: downloadLog.imageId,
        trackId: downloadLog.trackId,
        createdAt: downloadLog.createdAt,
      })
      .from(downloadLog)
      .where(eq(downloadLog.userId, userId))
      .orderBy(asc(downloadLog.createdAt)),
    db
      .select({
        trackId: trackComments.trackId,
        atSeconds: trackComments.atSeconds,
        body: trackComments.body,
        createdAt: trackComments.createdAt,
        editedAt: trackComments.editedAt,
      })
      .from(trackComments)
      .where(eq(trackComments.userId, userId))
      .orderBy(asc(trackComments.createdAt)),
    db
      .select({
        commentId: commentReports.commentId,
        reason: commentReports.reason,
        createdAt: commentReports.createdAt,
      })
      .from(commentReports)
      .where(eq(commentReports.reporterId, userId))
      .orderBy(asc(commentReports.createdAt)),
    db
      .select({
        imageId: favourites.imageId,
        setId: favourites.setId,
        trackId: favourites.trackId,
        positionSeconds: favourites.positionSeconds,
        label: favourites.label,
        createdAt: favourites.createdAt,
      })
      .from(favourites)
      .where(eq(favourites.userId, userId))
      .orderBy(asc(favourites.createdAt)),
  ]);
  return {
    account: {
      id: person.id,
      name: person.name,
      email: person.email,
      emailVerified: person.emailVerified,
      role: person.role,
      disabled: person.disabled,
      photoConsent: person.photoConsent,
      mailNotices: person.mailNotices,
      createdAt: person.createdAt,
      updatedAt: person.updatedAt,
    },
    logins,
    sessions,
    attendances,
    listeningPositions: positions,
    invite: joinedWith[0] ?? null,
    uploads: ownUploads,
    shareLinks: ownShareLinks,
    takedownRequests: takedowns,
    downloads,
    // Which "new gallery / new set" mails were sent (or meant) to this person.
    notices: await db
      .select({ kind: notices.kind, itemId: notices.itemId, state: notices.state, sentAt: notices.sentAt })
      .from(notices)
      .where(eq(notices.userId, userId))
      .orderBy(asc(notices.createdAt)),
    // Listening statistics are aggregates without a person: nothing of them belongs here.
    comments,
    commentReports: commentReportsMade,
    favourites: favouriteRows,
    // The sets an admin linked this account to as their DJ (who sees their listening statistics).
    djOfSets: await db
      .select({ setId: musicSets.id, title: musicSets.title })
      .from(musicSets)
      .where(eq(musicSets.djUserId, userId))
      .orderBy(asc(musicSets.createdAt)),
  };
}

export type MemberDataExport = NonNullable<Awaited<ReturnType<typeof exportMemberData>>>;

/**
 * Erases an account, in one transaction: the user row and with it (foreign keys, `cascade`) its
 * sign-in methods, sessions, attendances, listening positions and unfinished-upload records; a
 * set it was linked to as DJ stays, unlinked (`set null`). What
 * stays for the admins' record is anonymised: invites keep that they were used but no longer by
 * whom, and invites addressed to the person lose the address (an unused one is revoked first, so it
 * does not become open to anyone). What they created as an admin (events, photos, sets, invites,
 * share links) stays with its creator cleared (`set null`). False when there is no such account.
 */
export async function deleteMemberAccount(db: Database, userId: string, now: Date): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [person] = await tx.select().from(user).where(eq(user.id, userId)).for('update');
    if (!person) return false;
    const email = person.email.toLowerCase();
    await tx.update(invites).set({ usedByEmail: null }).where(sql`lower(${invites.usedByEmail}) = ${email}`);
    await tx
      .update(invites)
      .set({ revokedAt: now, sealedLink: null })
      .where(and(sql`lower(${invites.email}) = ${email}`, isNull(invites.usedAt), isNull(invites.revokedAt)));
    await tx
      .update(invites)
      .set({ email: null, sealedLink: null })
      .where(sql`lower(${invites.email}) = ${email}`);
    await tx.delete(verification).where(sql`lower(${verification.identifier}) = ${email}`);
    await tx.delete(session).where(eq(session.userId, userId));
    await tx.delete(user).where(eq(user.id, userId));
    return true;
  });
}

/** Admins that can still sign in: the last one may not be deleted. */
export async function countActiveAdmins(db: Database): Promise<number> {
  const [row] = await db
    .select({ value: sql<number>`count(*)::int` })
    .from(user)
    .where(and(eq(user.role, 'admin'), eq(user.disabled, false)));
  return row?.value ?? 0;
}
