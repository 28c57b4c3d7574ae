import { dismissCommentReport, listCommentReports, setMusicSetCommentsEnabled } from '@party/db';
import { TRPCError } from '@trpc/server';
import { commentIdSchema, listCommentReportsSchema, setCommentsEnabledSchema } from '../../schemas/comments';
import { adminProcedure, router } from '../../trpc';

export const adminCommentsRouter = router({
  /** Turns timed comments of a set on or off; off hides them from members and stops new ones. */
  setEnabled: adminProcedure.input(setCommentsEnabledSchema).mutation(async ({ ctx, input }) => {
    if (!(await setMusicSetCommentsEnabled(ctx.db, input.setId, input.enabled))) {
      throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no such music set.' });
    }
    return { ok: true };
  }),

  /** Reported comments still standing, newest report first (of one set, or all). */
  reports: adminProcedure
    .input(listCommentReportsSchema)
    .query(({ ctx, input }) => listCommentReports(ctx.db, { setId: input?.setId })),

  /** Keeps the comment and drops the report. Deleting the comment is `comments.delete`. */
  dismissReport: adminProcedure.input(commentIdSchema).mutation(async ({ ctx, input }) => {
    if (!(await dismissCommentReport(ctx.db, input.id))) {
      throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no such report.' });
    }
    return { ok: true };
  }),
});
