import { openInviteLink } from '@party/api/auth';
import {
  claimDueInviteReminders,
  type Database,
  findInviteById,
  findUserById,
  inviteStatus,
  setInviteReminderState,
} from '@party/db';
import { type JobHandler, type JobQueue, jobDefinitions } from '@party/jobs';
import { renderInviteReminderMail } from '../../mail/invite-mail';
import { explainMailError } from '../../mail/mailer';
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
    let link: string;
    try {
      link = openInviteLink(deps.linkKey, invite.sealedLink);
    } catch {
      await setInviteReminderState(
        deps.db,
        inviteId,
        'failed',
        'The server secret changed since the invite was made.',
      );
      return;
    }
    const inviter = invite.createdBy ? await findUserById(deps.db, invite.createdBy) : undefined;
    const mail = renderInviteReminderMail({
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
        await setInviteReminderState(
          deps.db,
          inviteId,
          'failed',
          `Not sent after ${retryCount + 1} attempts: ${reason}`,
        );
        return;
      }
      await setInviteReminderState(
        deps.db,
        inviteId,
        'queued',
        `Attempt ${retryCount + 1} failed, retrying: ${reason}`,
      );
      throw error;
    }
    await setInviteReminderState(deps.db, inviteId, 'sent');
  };
}
