import { and, desc, eq, isNotNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { events, musicSets, shareLinkOpens, shareLinks } from '../schema';

export type ShareLink = typeof shareLinks.$inferSelect;

/** What a share link opens: one event gallery or one music set. */
export type ShareTarget = { eventId: string } | { setId: string };

export async function createShareLink(
  db: Database,
  input: ShareTarget & {
    tokenHash: string;
    label?: string | null;
    passwordHash?: string | null;
    allowDownload: boolean;
    expiresAt: Date;
    createdBy: string;
    createdAt: Date;
  },
): Promise<ShareLink> {
  const [row] = await db.insert(shareLinks).values(input).returning();
  if (!row) throw new Error('insert into share_links returned no row');
  return row;
}

export async function findShareLinkByTokenHash(db: Database, tokenHash: string) {
  return db.query.shareLinks.findFirst({ where: eq(shareLinks.tokenHash, tokenHash) });
}

export async function findShareLink(db: Database, id: string) {
  return db.query.shareLinks.findFirst({ where: eq(shareLinks.id, id) });
}

/** The links of one event or set for its admin page, newest first. */
export async function listShareLinks(db: Database, target: ShareTarget): Promise<ShareLink[]> {
  return db
    .select()
    .from(shareLinks)
    .where('eventId' in target ? eq(shareLinks.eventId, target.eventId) : eq(shareLinks.setId, target.setId))
    .orderBy(desc(shareLinks.createdAt));
}

/** The latest opens of a link (the log admins see), newest first. */
export async function listShareLinkOpens(db: Database, linkId: string, limit = 100): Promise<Date[]> {
  const rows = await db
    .select({ openedAt: shareLinkOpens.openedAt })
    .from(shareLinkOpens)
    .where(eq(shareLinkOpens.linkId, linkId))
    .orderBy(desc(shareLinkOpens.openedAt))
    .limit(limit);
  return rows.map((row) => row.openedAt);
}

/** Ends a link at `now`; a link already revoked keeps its first revocation time. */
export async function revokeShareLink(db: Database, id: string, now: Date): Promise<ShareLink | undefined> {
  const [row] = await db
    .update(shareLinks)
    .set({ revokedAt: sql`coalesce(${shareLinks.revokedAt}, ${now.toISOString()}::timestamptz)` })
    .where(eq(shareLinks.id, id))
    .returning();
  return row;
}

/** Counts one open of a link and logs its time, together. */
export async function recordShareLinkOpen(db: Database, linkId: string, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.insert(shareLinkOpens).values({ linkId, openedAt: now });
    await tx
      .update(shareLinks)
      .set({ openCount: sql`${shareLinks.openCount} + 1`, lastOpenedAt: now })
      .where(eq(shareLinks.id, linkId));
  });
}

/**
 * Takes one password attempt of a link, atomically (several processes, concurrent guesses): true
 * while fewer than `max` attempts were taken in the current window of `windowMs`, which starts at
 * the first attempt after the previous window ended. A right password clears the count
 * (`clearShareLinkAttempts`); a wrong one leaves its attempt counted.
 */
export async function takeShareLinkAttempt(
  db: Database,
  linkId: string,
  now: Date,
  limit: { max: number; windowMs: number },
): Promise<boolean> {
  const windowStart = new Date(now.getTime() - limit.windowMs).toISOString();
  const fresh = sql`(${shareLinks.failedWindowStartedAt} is null or ${shareLinks.failedWindowStartedAt} <= ${windowStart}::timestamptz)`;
  const rows = await db
    .update(shareLinks)
    .set({
      failedAttempts: sql`case when ${fresh} then 1 else ${shareLinks.failedAttempts} + 1 end`,
      failedWindowStartedAt: sql`case when ${fresh} then ${now.toISOString()}::timestamptz else ${shareLinks.failedWindowStartedAt} end`,
    })
    .where(and(eq(shareLinks.id, linkId), or(fresh, lt(shareLinks.failedAttempts, limit.max))))
    .returning({ id: shareLinks.id });
  return rows.length > 0;
}

export async function clearShareLinkAttempts(db: Database, linkId: string): Promise<void> {
  await db
    .update(shareLinks)
    .set({ failedAttempts: 0, failedWindowStartedAt: null })
    .where(eq(shareLinks.id, linkId));
}

/**
 * Deletes links (and their open logs) that ended, by expiry or revocation, before `endedBefore`.
 * Returns how many went.
 */
export async function purgeEndedShareLinks(db: Database, endedBefore: Date): Promise<number> {
  const rows = await db
    .delete(shareLinks)
    .where(
      or(
        lt(shareLinks.expiresAt, endedBefore),
        and(isNotNull(shareLinks.revokedAt), lt(shareLinks.revokedAt, endedBefore)),
      ),
    )
    .returning({ id: shareLinks.id });
  return rows.length;
}

/** The title of what a link opens, for its page: the event's or the set's. */
export async function findShareTargetTitle(db: Database, link: ShareLink) {
  if (link.eventId) {
    const [row] = await db
      .select({ title: events.title, date: events.eventDate })
      .from(events)
      .where(eq(events.id, link.eventId));
    return row ? { title: row.title, date: row.date as string | null } : undefined;
  }
  if (link.setId) {
    const [row] = await db
      .select({ title: musicSets.title, date: musicSets.recordedOn })
      .from(musicSets)
      .where(eq(musicSets.id, link.setId));
    return row ? { title: row.title, date: row.date } : undefined;
  }
  return undefined;
}
