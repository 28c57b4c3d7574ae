import {
  createInvite,
  findUserByEmail,
  type InviteMailState,
  inviteStatus,
  listInvites,
  type Role,
  revokeInvite,
  setInviteMailState,
} from '@party/db';
import { explainJobError } from '@party/jobs';
import { TRPCError } from '@trpc/server';
import { sealInviteLink } from '../../auth/invite-link-seal';
import { generateInviteToken } from '../../auth/invite-token';
import type { Context } from '../../context';
import { parseAddressList } from '../../mail/address-list';
import {
  createInviteListSchema,
  createInviteSchema,
  MAX_INVITE_LIST,
  revokeInviteSchema,
} from '../../schemas/invites';
import { adminProcedure, router } from '../../trpc';

const DAY_MS = 24 * 60 * 60 * 1000;

type AdminContext = Context & { viewer: NonNullable<Context['viewer']> };

interface InviteRequest {
  email: string | null;
  role: Role;
  expiresInDays: number;
  note?: string;
  sendEmail: boolean;
}

function requireMail(ctx: Context, sendEmail: boolean) {
  if (sendEmail && (!ctx.mail || ctx.mail.mode === 'off')) {
    throw new TRPCError({
      code: 'PRECONDITION_FAILED',
      message: 'E-mail is off on this server (no SMTP_URL): copy the invite link and send it yourself.',
    });
  }
}

/** Creates one invite and, when asked, queues its mail; the link is returned once. */
async function issueInvite(ctx: AdminContext, input: InviteRequest) {
  const { token, tokenHash } = generateInviteToken();
  const url = new URL(`/signup?invite=${encodeURIComponent(token)}`, ctx.publicUrl).toString();
  // Kept on the invite for its one reminder; sealed like the job payload (README, Mail).
  const sealedLink = input.sendEmail && ctx.mail ? sealInviteLink(ctx.mail.linkKey, url) : null;
  const invite = await createInvite(ctx.db, {
    sealedLink,
    tokenHash,
    role: input.role,
    email: input.email,
    note: input.note || null,
    createdBy: ctx.viewer.id,
    expiresAt: new Date(Date.now() + input.expiresInDays * DAY_MS),
    mailState: input.sendEmail ? 'queued' : null,
  });
  let mailState: InviteMailState | null = invite.mailState;
  if (sealedLink) {
    try {
      await ctx.jobs.send('send-invite-mail', { inviteId: invite.id, sealedLink });
    } catch (error) {
      // The invite stands (its link is shown); the mail is marked failed so nobody waits for it.
      mailState = 'failed';
      await setInviteMailState(
        ctx.db,
        invite.id,
        'failed',
        `Could not queue the mail: ${explainJobError(error)}`,
      );
    }
  }
  return { id: invite.id, url, token, expiresAt: invite.expiresAt, mailState };
}

export const adminInvitesRouter = router({
  /** Creates an invite; the link is returned once and cannot be read back later. */
  create: adminProcedure.input(createInviteSchema).mutation(async ({ ctx, input }) => {
    requireMail(ctx, input.sendEmail);
    return issueInvite(ctx, { ...input, email: input.email?.toLowerCase() ?? null });
  }),

  /**
   * One invite per address of a pasted list, each bound to its address. Reports every entry:
   * `invited` (mail queued when `sendEmail`), `member` (has an account already) or `invalid`.
   */
  createList: adminProcedure.input(createInviteListSchema).mutation(async ({ ctx, input }) => {
    requireMail(ctx, input.sendEmail);
    const entries = parseAddressList(input.addresses);
    if (entries.length > MAX_INVITE_LIST) {
      throw new TRPCError({
        code: 'BAD_REQUEST',
        message: `At most ${MAX_INVITE_LIST} addresses at once; this list has ${entries.length}.`,
      });
    }
    const results = [];
    for (const entry of entries) {
      if (!entry.email) {
        results.push({ input: entry.input, outcome: 'invalid' as const, invite: null });
      } else if (await findUserByEmail(ctx.db, entry.email)) {
        results.push({ input: entry.email, outcome: 'member' as const, invite: null });
      } else {
        const invite = await issueInvite(ctx, { ...input, email: entry.email });
        results.push({ input: entry.email, outcome: 'invited' as const, invite });
      }
    }
    return results;
  }),

  list: adminProcedure.query(async ({ ctx }) => {
    const rows = await listInvites(ctx.db);
    return rows.map(({ tokenHash: _secret, sealedLink: _sealed, ...invite }) => ({
      ...invite,
      status: inviteStatus(invite),
    }));
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
