import { and, asc, count, desc, eq, gte, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { commentReports, musicSets, trackComments, tracks, user } from '../schema';
import { type ViewerScope, visibleTo } from './visibility';

export type TrackComment = typeof trackComments.$inferSelect;

/** A window of the comment rate limit: at most `max` comments per member within `seconds`. */
export interface RateWindow {
  seconds: number;
  max: number;
}

/** The comments of a track in time order, with their author's display name (never their e-mail). */
export async function listTrackComments(db: Database, trackId: string) {
  return db
    .select({
      id: trackComments.id,
      atSeconds: trackComments.atSeconds,
      body: trackComments.body,
      createdAt: trackComments.createdAt,
      editedAt: trackComments.editedAt,
      userId: trackComments.userId,
      authorName: user.name,
    })
    .from(trackComments)
    .innerJoin(user, eq(user.id, trackComments.userId))
    .where(eq(trackComments.trackId, trackId))
    .orderBy(asc(trackComments.atSeconds), asc(trackComments.createdAt))
    .limit(2000);
}

/**
 * A comment together with its track's set, when the viewer may see that set (the same `visibleTo`
 * as the set itself, and only ready tracks); undefined otherwise.
 */
export async function findVisibleComment(db: Database, viewer: ViewerScope, commentId: string) {
  const [row] = await db
    .select({ comment: trackComments, set: musicSets })
    .from(trackComments)
    .innerJoin(tracks, eq(tracks.id, trackComments.trackId))
    .innerJoin(musicSets, eq(musicSets.id, tracks.setId))
    .where(and(eq(trackComments.id, commentId), eq(tracks.status, 'ready'), visibleTo(viewer, musicSets)));
  return row;
}

/**
 * Adds a comment unless its author is past a rate window. The count and the insert run under a
 * per-author advisory lock, so parallel requests (also through other server processes) cannot slip
 * past the limit.
 */
export async function createTrackComment(
  db: Database,
  params: {
    trackId: string;
    userId: string;
    atSeconds: number;
    body: string;
    limits: readonly RateWindow[];
    now?: Date;
  },
): Promise<{ ok: true; comment: TrackComment } | { ok: false; reason: 'rate'; window: RateWindow }> {
  const now = params.now ?? new Date();
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('comment:' || ${params.userId}))`);
    for (const window of params.limits) {
      const [row] = await tx
        .select({ value: count() })
        .from(trackComments)
        .where(
          and(
            eq(trackComments.userId, params.userId),
            gte(trackComments.createdAt, new Date(now.getTime() - window.seconds * 1000)),
          ),
        );
      if ((row?.value ?? 0) >= window.max) return { ok: false, reason: 'rate', window } as const;
    }
    const [comment] = await tx
      .insert(trackComments)
      .values({
        trackId: params.trackId,
        userId: params.userId,
        atSeconds: params.atSeconds,
        body: params.body,
        createdAt: now,
      })
      .returning();
    if (!comment) throw new Error('insert into track_comments returned no row');
    return { ok: true, comment } as const;
  });
}

export async function updateTrackCommentBody(db: Database, id: string, body: string): Promise<void> {
  await db.update(trackComments).set({ body, editedAt: new Date() }).where(eq(trackComments.id, id));
}

export async function deleteTrackComment(db: Database, id: string): Promise<void> {
  await db.delete(trackComments).where(eq(trackComments.id, id));
}

/** Records a report; a second report of the same comment by the same member changes nothing. */
export async function reportTrackComment(
  db: Database,
  params: { commentId: string; reporterId: string; reason: string | null },
): Promise<void> {
  await db.insert(commentReports).values(params).onConflictDoNothing();
}

/** Open reports (a deleted comment takes its reports with it), newest first; of one set or all. */
export async function listCommentReports(db: Database, filter: { setId?: string } = {}) {
  return db
    .select({
      id: commentReports.id,
      reason: commentReports.reason,
      reportedAt: commentReports.createdAt,
      comment: {
        id: trackComments.id,
        body: trackComments.body,
        atSeconds: trackComments.atSeconds,
        createdAt: trackComments.createdAt,
      },
      authorName: user.name,
      track: { id: tracks.id, title: tracks.title },
      set: { id: musicSets.id, title: musicSets.title },
    })
    .from(commentReports)
    .innerJoin(trackComments, eq(trackComments.id, commentReports.commentId))
    .innerJoin(user, eq(user.id, trackComments.userId))
    .innerJoin(tracks, eq(tracks.id, trackComments.trackId))
    .innerJoin(musicSets, eq(musicSets.id, tracks.setId))
    .where(filter.setId ? eq(musicSets.id, filter.setId) : undefined)
    .orderBy(desc(commentReports.createdAt))
    .limit(500);
}

/** An admin looked at a report and keeps the comment: the report goes. */
export async function dismissCommentReport(db: Database, id: string): Promise<boolean> {
  const gone = await db
    .delete(commentReports)
    .where(eq(commentReports.id, id))
    .returning({ id: commentReports.id });
  return gone.length > 0;
}

export async function setMusicSetCommentsEnabled(
  db: Database,
  setId: string,
  enabled: boolean,
): Promise<boolean> {
  const rows = await db
    .update(musicSets)
    .set({ commentsEnabled: enabled, updatedAt: new Date() })
    .where(eq(musicSets.id, setId))
    .returning({ id: musicSets.id });
  return rows.length > 0;
}
