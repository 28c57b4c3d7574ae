import { createInvite, inviteStatus, listInvites, revokeInvite } from '@party/db';
import { TRPCError } from '@trpc/server';
import { generateInviteToken } from '../../auth/invite-token';
import { createInviteSchema, revokeInviteSchema } from '../../schemas/invites';
import { adminProcedure, router } from '../../trpc';

const DAY_MS = 24 * 60 * 60 * 1000;

export const adminInvitesRouter = router({
  /** Creates an invite; the link is returned once and cannot be read back later. */
  create: adminProcedure.input(createInviteSchema).mutation(async ({ ctx, input }) => {
    const { token, tokenHash } = generateInviteToken();
    const invite = await createInvite(ctx.db, {
      tokenHash,
      role: input.role,
      email: input.email?.toLowerCase() ?? null,
      note: input.note || null,
      createdBy: ctx.viewer.id,
      expiresAt: new Date(Date.now() + input.expiresInDays * DAY_MS),
    });
    const url = new URL(`/signup?invite=${encodeURIComponent(token)}`, ctx.publicUrl).toString();
    return { id: invite.id, url, token, expiresAt: invite.expiresAt };
  }),

  list: adminProcedure.query(async ({ ctx }) => {
    const rows = await listInvites(ctx.db);
    return rows.map(({ tokenHash: _secret, ...invite }) => ({ ...invite, status: inviteStatus(invite) }));
  }),

  revoke: adminProcedure.input(revokeInviteSchema).mutation(async ({ ctx, input }) => {
    const revoked = await revokeInvite(ctx.db, input.id);
    if (!revoked) {
      throw new TRPCError({
        code: 'PRECONDITION_FAILED',
        message: 'Only an invite that is still open can be withdrawn.',
      });
    }
    return { id: revoked.id };
  }),
});
