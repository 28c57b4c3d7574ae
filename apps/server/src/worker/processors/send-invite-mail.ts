import { openInviteLink } from '@party/api/auth';
import { type Database, findInviteById, findUserById, inviteStatus, setInviteMailState } from '@party/db';
import { type JobHandler, jobDefinitions } from '@party/jobs';
import { renderInviteMail } from '../../mail/invite-mail';
import { explainMailError, type Mailer } from '../../mail/mailer';

export interface InviteMailDeps {
  db: Database;
  mailer: Mailer;
  /** `inviteLinkKey(authSecret)`: opens the sealed link in the payload. */
  linkKey: Buffer;
  community: string;
}

const LAST_ATTEMPT = jobDefinitions['send-invite-mail'].options.retryLimit;

/**
 * Sends an invite's mail once. Skips invites no longer open or already sent (a retry after a
 * success that was not recorded would otherwise mail twice). A failed attempt is recorded with its
 * reason and retried by the queue; after the last one the invite shows `failed`.
 */
export function sendInviteMailHandler(deps: InviteMailDeps): JobHandler<'send-invite-mail'> {
  return async ({ inviteId, sealedLink }, { retryCount }) => {
    const invite = await findInviteById(deps.db, inviteId);
    if (!invite?.email || invite.mailState === 'sent' || inviteStatus(invite) !== 'open') return;
    let link: string;
    try {
      link = openInviteLink(deps.linkKey, sealedLink);
    } catch {
      // Retrying cannot help: the auth secret changed since the invite was made.
      await setInviteMailState(
        deps.db,
        inviteId,
        'failed',
        'The mail job could not be read (the server secret changed): withdraw this invite and make a new one.',
      );
      return;
    }
    const inviter = invite.createdBy ? await findUserById(deps.db, invite.createdBy) : undefined;
    const mail = renderInviteMail({
      community: deps.community,
      inviterName: inviter?.name ?? null,
      link,
      role: invite.role,
      expiresAt: invite.expiresAt,
    });
    try {
      await deps.mailer.send({ to: invite.email, ...mail });
    } catch (error) {
      const reason = explainMailError(error);
      if (retryCount >= LAST_ATTEMPT) {
        await setInviteMailState(
          deps.db,
          inviteId,
          'failed',
          `Not sent after ${retryCount + 1} attempts: ${reason}`,
        );
        return;
      }
      await setInviteMailState(
        deps.db,
        inviteId,
        'queued',
        `Attempt ${retryCount + 1} failed, retrying: ${reason}`,
      );
      throw error;
    }
    await setInviteMailState(deps.db, inviteId, 'sent');
  };
}
