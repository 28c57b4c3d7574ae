import { findInviteByTokenHash } from '@party/db';
import { TRPCError } from '@trpc/server';
import { inviteProblem } from '../auth/invite-errors';
import { hashInviteToken } from '../auth/invite-token';
import { checkInviteSchema } from '../schemas/invites';
import { publicProcedure, router } from '../trpc';

export const invitesRouter = router({
  /** Tells the sign-up page whether an invite link can be used, before the person types a password. */
  check: publicProcedure.input(checkInviteSchema).query(async ({ ctx, input }) => {
    const invite = await findInviteByTokenHash(ctx.db, hashInviteToken(input.token));
    const problem = inviteProblem(invite);
    if (!invite) throw new TRPCError({ code: 'NOT_FOUND', message: problem });
    if (problem) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: problem });
    return { email: invite.email, role: invite.role, expiresAt: invite.expiresAt };
  }),
});
