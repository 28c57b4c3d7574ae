import { openInviteLink } from '@party/api/auth';
import { type findInviteById, findUserById, type InviteMailState } from '@party/db';
import type { InviteMailFacts, RenderedMail } from '../../mail/invite-mail';
import { explainMailError } from '../../mail/mailer';
import type { InviteMailDeps } from './send-invite-mail';

type Invite = NonNullable<Awaited<ReturnType<typeof findInviteById>>>;

/**
 * Mails one invite (its first mail or its reminder) and records how it went through `record`: the
 * sealed link cannot be opened (the auth secret changed) → `failed` for good; a failed attempt →
 * `queued` with its reason and the error rethrown for the queue's retry, or `failed` after the last
 * attempt; delivered → `sent`.
 */
export async function deliverInviteMail(
  deps: InviteMailDeps,
  mail: {
    invite: Invite & { email: string };
    sealedLink: string;
    render: (facts: InviteMailFacts) => RenderedMail;
    record: (state: InviteMailState, error?: string) => Promise<void>;
    retryCount: number;
    lastAttempt: number;
  },
): Promise<void> {
  const { invite, retryCount } = mail;
  let link: string;
  try {
    link = openInviteLink(deps.linkKey, mail.sealedLink);
  } catch {
    // Retrying cannot help.
    await mail.record(
      'failed',
      'The mail job could not be read (the server secret changed): withdraw this invite and make a new one.',
    );
    return;
  }
  const inviter = invite.createdBy ? await findUserById(deps.db, invite.createdBy) : undefined;
  const rendered = mail.render({
    community: deps.community,
    inviterName: inviter?.name ?? null,
    link,
    role: invite.role,
    expiresAt: invite.expiresAt,
  });
  try {
    await deps.mailer.send({ to: invite.email, ...rendered });
  } catch (error) {
    const reason = explainMailError(error);
    if (retryCount >= mail.lastAttempt) {
      await mail.record('failed', `Not sent after ${retryCount + 1} attempts: ${reason}`);
      return;
    }
    await mail.record('queued', `Attempt ${retryCount + 1} failed, retrying: ${reason}`);
    throw error;
  }
  await mail.record('sent');
}
