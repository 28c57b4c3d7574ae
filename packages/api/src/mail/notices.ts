import { eventIdsOfImages, type NoticeKind, queueNotices, setNoticeState } from '@party/db';
import { explainJobError, NOTICE_BATCH } from '@party/jobs';
import type { Context } from '../context';

/**
 * After publishing: records a notice per person who can see each item now and has not been told
 * about it yet, and queues their mails in batches of `NOTICE_BATCH`. Nothing with mail off.
 * Returns how many mails were queued. A queue failure marks its batch `failed` instead of failing
 * the publish: the items stay published either way.
 */
export async function notifyAbout(
  ctx: Pick<Context, 'db' | 'jobs' | 'mail'>,
  kind: NoticeKind,
  itemIds: string[],
): Promise<number> {
  if (!ctx.mail || ctx.mail.mode === 'off') return 0;
  let queued = 0;
  for (const itemId of itemIds) {
    const ids = await queueNotices(ctx.db, { kind, itemId });
    for (let start = 0; start < ids.length; start += NOTICE_BATCH) {
      const batch = ids.slice(start, start + NOTICE_BATCH);
      try {
        await ctx.jobs.send('send-notices', { noticeIds: batch });
        queued += batch.length;
      } catch (error) {
        for (const id of batch) {
          await setNoticeState(ctx.db, id, 'failed', `Could not queue the mail: ${explainJobError(error)}`);
        }
      }
    }
  }
  return queued;
}

/** The events whose galleries these photos belong to. */
export function galleriesOf(ctx: Pick<Context, 'db'>, input: { ids: string[] } | { eventId: string }) {
  return 'eventId' in input ? Promise.resolve([input.eventId]) : eventIdsOfImages(ctx.db, input.ids);
}
