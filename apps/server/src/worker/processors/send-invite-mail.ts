import { type Database, findInviteById, inviteStatus, setInviteMailState } from '@party/db';
import { type JobHandler, jobDefinitions } from '@party/jobs';
import { renderInviteMail } from '../../mail/invite-mail';
import type { Mailer } from '../../mail/mailer';
import { deliverInviteMail } from './invite-mail-delivery';

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
    await deliverInviteMail(deps, {
      invite: { ...invite, email: invite.email },
      sealedLink,
      render: renderInviteMail,
      record: (state, error) => setInviteMailState(deps.db, inviteId, state, error),
      retryCount,
      lastAttempt: LAST_ATTEMPT,
    });
  };
}
