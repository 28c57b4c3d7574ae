import type { S3Client } from '@aws-sdk/client-s3';
import type { TicketingApiConfig } from '@party/api/ticketing';
import type { Database } from '@party/db';
import type { RunningJobQueue } from '@party/jobs';
import { deleteImagesHandler } from './processors/delete-images';
import { deleteTracksHandler } from './processors/delete-tracks';
import { finishImageHandler } from './processors/finish-image';
import { processCoverHandler } from './processors/process-cover';
import { processImageHandler } from './processors/process-image';
import { processTrackHandler } from './processors/process-track';
import { type InviteMailDeps, sendInviteMailHandler } from './processors/send-invite-mail';
import { queueInviteRemindersHandler, sendInviteReminderHandler } from './processors/send-invite-reminder';
import { type NoticeMailDeps, sendNoticesHandler } from './processors/send-notices';
import { sweepDeletionsHandler } from './processors/sweep-deletions';
import { sweepExpiredUploadsHandler } from './processors/sweep-expired-uploads';
import { sweepOrphansHandler } from './processors/sweep-orphans';
import { ticketingDeliveryHandler } from './processors/ticketing-delivery';
import { ticketingSyncHandler } from './processors/ticketing-sync';
import type { WorkerLog } from './worker-log';

/**
 * Makes this process a worker: one processor per job kind. Image processing runs two at a time
 * (sharp uses a thread pool of its own; more would only queue on two cores).
 */
export async function startWorker(deps: {
  db: Database;
  s3: S3Client;
  bucket: string;
  jobs: RunningJobQueue;
  log: WorkerLog;
  /** The ticketing backend's pull API (`TICKETING_API_URL` + token), or null when not configured. */
  ticketingApi?: TicketingApiConfig | null;
  /** Absent when mail is off: invite mails are never queued then. */
  inviteMail?: Omit<InviteMailDeps, 'db'>;
  /** Days after an invite mail before its one reminder (`INVITE_REMINDER_AFTER_DAYS`); 0: none. */
  inviteReminderAfterDays?: number;
  /** Absent when mail is off: notices are never queued then. */
  noticeMail?: Omit<NoticeMailDeps, 'db'>;
}) {
  await deps.jobs.work('process-image', processImageHandler({ ...deps, jobs: deps.jobs.queue }), {
    concurrency: 2,
  });
  // One at a time, and only while no photo waits for `process-image` (see finishImageHandler).
  await deps.jobs.work(
    'finish-image',
    finishImageHandler({ ...deps, jobs: deps.jobs.queue, queues: deps.jobs.inspector }),
  );
  // One track at a time: its encode already runs one ffmpeg process per tier on every core.
  await deps.jobs.work('process-track', processTrackHandler(deps), { concurrency: 1 });
  // A cover is one small image: its own queue, so it never waits behind an hour-long encode.
  await deps.jobs.work('process-cover', processCoverHandler(deps));
  await deps.jobs.work('delete-images', deleteImagesHandler(deps));
  await deps.jobs.work('delete-tracks', deleteTracksHandler(deps));
  await deps.jobs.work('sweep-deletions', sweepDeletionsHandler({ db: deps.db, jobs: deps.jobs.queue }));
  await deps.jobs.work('sweep-orphans', sweepOrphansHandler(deps));
  await deps.jobs.work('sweep-expired-uploads', sweepExpiredUploadsHandler(deps));
  await deps.jobs.work('ticketing-delivery', ticketingDeliveryHandler(deps), { concurrency: 2 });
  await deps.jobs.work(
    'ticketing-sync',
    ticketingSyncHandler({ db: deps.db, ticketingApi: deps.ticketingApi ?? null, log: deps.log }),
  );
  if (deps.inviteMail) {
    // Mails are small and wait on the network, not the CPU: a few at once.
    await deps.jobs.work('send-invite-mail', sendInviteMailHandler({ db: deps.db, ...deps.inviteMail }), {
      concurrency: 4,
    });
    const reminderAfterDays = deps.inviteReminderAfterDays ?? 3;
    if (reminderAfterDays > 0) {
      await deps.jobs.work(
        'send-invite-reminder',
        sendInviteReminderHandler({ db: deps.db, ...deps.inviteMail }),
        { concurrency: 4 },
      );
      await deps.jobs.work(
        'queue-invite-reminders',
        queueInviteRemindersHandler({ db: deps.db, jobs: deps.jobs.queue, reminderAfterDays }),
      );
      await deps.jobs.schedule('queue-invite-reminders', '23 * * * *');
    }
  }
  if (deps.noticeMail) {
    await deps.jobs.work('send-notices', sendNoticesHandler({ db: deps.db, ...deps.noticeMail }), {
      concurrency: 2,
    });
  }
  await deps.jobs.schedule('sweep-deletions', '*/15 * * * *');
  await deps.jobs.schedule('sweep-expired-uploads', '41 * * * *');
  // Nightly reconciliation (and pruning of month-old webhook records even without the pull API).
  await deps.jobs.schedule('ticketing-sync', '41 3 * * *');
  await deps.jobs.schedule('sweep-orphans', '17 4 * * *');
  deps.log.info({}, 'worker started');
}
