import {
  claimDueInviteReminders,
  type Database,
  findInviteById,
  inviteStatus,
  setInviteReminderState,
} from '@party/db';
import { type JobHandler, type JobQueue, jobDefinitions } from '@party/jobs';
import { renderInviteReminderMail } from '../../mail/invite-mail';
import { deliverInviteMail } from './invite-mail-delivery';
import type { InviteMailDeps } from './send-invite-mail';

const DAY_MS = 24 * 60 * 60 * 1000;
const LAST_ATTEMPT = jobDefinitions['send-invite-reminder'].options.retryLimit;
/** Reminders queued per sweep; the next hourly sweep takes the rest. */
const SWEEP_LIMIT = 500;

/**
 * Hourly: every invite mailed at least `reminderAfterDays` ago and still open gets its one
 * reminder queued. The claim marks it `queued` first, so no later sweep picks it again.
 */
export function queueInviteRemindersHandler(deps: {
  db: Database;
  jobs: JobQueue;
  reminderAfterDays: number;
  now?: () => Date;
}): JobHandler<'queue-invite-reminders'> {
  return async () => {
    const now = deps.now?.() ?? new Date();
    const ids = await claimDueInviteReminders(deps.db, {
      sentBefore: new Date(now.getTime() - deps.reminderAfterDays * DAY_MS),
      limit: SWEEP_LIMIT,
    });
    for (const inviteId of ids) await deps.jobs.send('send-invite-reminder', { inviteId });
  };
}

/**
 * Sends an invite's one reminder. Skips it unless it is `queued` and the invite still open (used,
 * withdrawn or expired in the meantime: no mail). Failures are recorded and retried like the invite
 * mail; after the last attempt the reminder shows `failed`.
 */
export function sendInviteReminderHandler(deps: InviteMailDeps): JobHandler<'send-invite-reminder'> {
  return async ({ inviteId }, { retryCount }) => {
    const invite = await findInviteById(deps.db, inviteId);
    if (!invite?.email || !invite.sealedLink || invite.reminderState !== 'queued') return;
    if (inviteStatus(invite) !== 'open') return;
    await deliverInviteMail(deps, {
      invite: { ...invite, email: invite.email },
      sealedLink: invite.sealedLink,
      render: renderInviteReminderMail,
      record: (state, error) => setInviteReminderState(deps.db, inviteId, state, error),
      retryCount,
      lastAttempt: LAST_ATTEMPT,
    });
  };
}
