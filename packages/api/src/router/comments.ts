import {
  createTrackComment,
  deleteTrackComment,
  findVisibleComment,
  findVisibleTrack,
  listTrackComments,
  reportTrackComment,
  updateTrackCommentBody,
} from '@party/db';
import { TRPCError } from '@trpc/server';
import {
  commentIdSchema,
  createCommentSchema,
  listCommentsSchema,
  reportCommentSchema,
  updateCommentSchema,
} from '../schemas/comments';
import { COMMENT_MAX_LENGTH, COMMENT_RATE_LIMITS, normaliseCommentBody } from '../social/comment-rules';
import { protectedProcedure, router } from '../trpc';
import { viewerScope } from '../visibility';

/*
 * Timed comments on a track. Whoever may see the set may read and post (its `visibleTo`, through
 * `findVisibleTrack` / `findVisibleComment`: NOT_FOUND otherwise). Share-link guests get none of
 * it: comments carry members' names and stay inside the community (README, Timed comments).
 */

const noSuchTrack = () => new TRPCError({ code: 'NOT_FOUND', message: 'There is no such track.' });
const noSuchComment = () => new TRPCError({ code: 'NOT_FOUND', message: 'There is no such comment.' });
const commentsOff = () =>
  new TRPCError({ code: 'PRECONDITION_FAILED', message: 'Comments are turned off for this set.' });

/** The stored text, or a BAD_REQUEST a person understands. */
function bodyOf(raw: string): string {
  const body = normaliseCommentBody(raw);
  if (body.length === 0) throw new TRPCError({ code: 'BAD_REQUEST', message: 'A comment needs some text.' });
  if (body.length > COMMENT_MAX_LENGTH) {
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: `A comment has at most ${COMMENT_MAX_LENGTH} characters (this one has ${body.length}).`,
    });
  }
  return body;
}

export const commentsRouter = router({
  /**
   * A track's comments in time order. With comments turned off for the set, members get none
   * (`enabled: false`); admins still see them, to moderate.
   */
  list: protectedProcedure.input(listCommentsSchema).query(async ({ ctx, input }) => {
    const found = await findVisibleTrack(ctx.db, viewerScope(ctx.viewer), input.trackId);
    if (!found) throw noSuchTrack();
    const admin = ctx.viewer.role === 'admin';
    const enabled = found.set.commentsEnabled;
    const rows = enabled || admin ? await listTrackComments(ctx.db, input.trackId) : [];
    return {
      enabled,
      canModerate: admin,
      maxLength: COMMENT_MAX_LENGTH,
      comments: rows.map((row) => ({
        id: row.id,
        atSeconds: row.atSeconds,
        body: row.body,
        authorName: row.authorName,
        createdAt: row.createdAt,
        edited: row.editedAt !== null,
        mine: row.userId === ctx.viewer.id,
      })),
    };
  }),

  /** A comment at a moment of the track; TOO_MANY_REQUESTS past the rate limit. */
  create: protectedProcedure.input(createCommentSchema).mutation(async ({ ctx, input }) => {
    const found = await findVisibleTrack(ctx.db, viewerScope(ctx.viewer), input.trackId);
    if (!found) throw noSuchTrack();
    if (!found.set.commentsEnabled) throw commentsOff();
    const duration = found.track.durationSeconds ?? 0;
    if (duration > 0 && input.atSeconds > duration + 1) {
      throw new TRPCError({ code: 'BAD_REQUEST', message: 'That moment is past the end of the track.' });
    }
    const result = await createTrackComment(ctx.db, {
      trackId: input.trackId,
      userId: ctx.viewer.id,
      atSeconds: input.atSeconds,
      body: bodyOf(input.body),
      limits: COMMENT_RATE_LIMITS,
      now: ctx.clock?.(),
    });
    if (!result.ok) {
      const per = result.window.seconds <= 60 ? 'a minute' : 'a day';
      throw new TRPCError({
        code: 'TOO_MANY_REQUESTS',
        message: `You can post at most ${result.window.max} comments in ${per}. Please wait a little.`,
      });
    }
    return { id: result.comment.id };
  }),

  /** The author changes their own text (admins delete, they do not rewrite). */
  update: protectedProcedure.input(updateCommentSchema).mutation(async ({ ctx, input }) => {
    const found = await findVisibleComment(ctx.db, viewerScope(ctx.viewer), input.id);
    if (!found) throw noSuchComment();
    if (found.comment.userId !== ctx.viewer.id) {
      throw new TRPCError({ code: 'FORBIDDEN', message: 'You can only edit your own comments.' });
    }
    if (!found.set.commentsEnabled) throw commentsOff();
    await updateTrackCommentBody(ctx.db, input.id, bodyOf(input.body));
    return { ok: true };
  }),

  /** The author deletes their own comment; an admin deletes any. */
  delete: protectedProcedure.input(commentIdSchema).mutation(async ({ ctx, input }) => {
    const found = await findVisibleComment(ctx.db, viewerScope(ctx.viewer), input.id);
    if (!found) throw noSuchComment();
    if (found.comment.userId !== ctx.viewer.id && ctx.viewer.role !== 'admin') {
      throw new TRPCError({ code: 'FORBIDDEN', message: 'You can only delete your own comments.' });
    }
    await deleteTrackComment(ctx.db, input.id);
    return { ok: true };
  }),

  /** "Report this comment" for the admins; reporting twice changes nothing. */
  report: protectedProcedure.input(reportCommentSchema).mutation(async ({ ctx, input }) => {
    const found = await findVisibleComment(ctx.db, viewerScope(ctx.viewer), input.id);
    if (!found) throw noSuchComment();
    if (!found.set.commentsEnabled && ctx.viewer.role !== 'admin') throw noSuchComment();
    if (found.comment.userId === ctx.viewer.id) {
      throw new TRPCError({
        code: 'BAD_REQUEST',
        message: 'You cannot report your own comment; delete it instead.',
      });
    }
    await reportTrackComment(ctx.db, {
      commentId: input.id,
      reporterId: ctx.viewer.id,
      reason: input.reason || null,
    });
    return { ok: true };
  }),
});
