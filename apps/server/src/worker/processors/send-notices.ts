import { signUnsubscribeToken } from '@party/api/auth';
import { type Database, loadNotices, setNoticeState } from '@party/db';
import { type JobHandler, jobDefinitions } from '@party/jobs';
import { explainMailError, type Mailer } from '../../mail/mailer';
import { renderNoticeMail } from '../../mail/notice-mail';
import { unsubscribeUrl } from '../../mail/unsubscribe-url';

export interface NoticeMailDeps {
  db: Database;
  mailer: Mailer;
  community: string;
  /** Where members open the app (`PUBLIC_URL`): gallery, set and unsubscribe links. */
  publicUrl: string;
  /** `unsubscribeKey(authSecret)`: signs each mail's unsubscribe link. */
  unsubscribeKey: Buffer;
}

const LAST_ATTEMPT = jobDefinitions['send-notices'].options.retryLimit;

/**
 * Sends a batch of notices, each at most once: only `queued` ones, and only while the person
 * still wants them (notices on, account enabled) and can still see the item — otherwise `skipped`.
 * One failure does not stop the batch; the job then fails so the queue retries the unsent ones,
 * and after the last attempt they are `failed` with the reason.
 */
export function sendNoticesHandler(deps: NoticeMailDeps): JobHandler<'send-notices'> {
  return async ({ noticeIds }, { retryCount }) => {
    let firstError: unknown;
    for (const notice of await loadNotices(deps.db, noticeIds)) {
      if (notice.state !== 'queued') continue;
      if (!notice.wanted) {
        await setNoticeState(deps.db, notice.id, 'skipped');
        continue;
      }
      const path =
        notice.kind === 'gallery'
          ? `/events/${encodeURIComponent(notice.slug ?? '')}`
          : `/music/${notice.itemId}`;
      const mail = renderNoticeMail({
        community: deps.community,
        kind: notice.kind,
        title: notice.title,
        artist: notice.artist,
        link: new URL(path, deps.publicUrl).toString(),
        unsubscribeUrl: unsubscribeUrl(
          deps.publicUrl,
          signUnsubscribeToken(deps.unsubscribeKey, notice.userId),
        ),
      });
      try {
        await deps.mailer.send({ to: notice.email, ...mail });
        await setNoticeState(deps.db, notice.id, 'sent');
      } catch (error) {
        firstError ??= error;
        const reason = explainMailError(error);
        await setNoticeState(
          deps.db,
          notice.id,
          retryCount >= LAST_ATTEMPT ? 'failed' : 'queued',
          retryCount >= LAST_ATTEMPT
            ? `Not sent after ${retryCount + 1} attempts: ${reason}`
            : `Attempt ${retryCount + 1} failed, retrying: ${reason}`,
        );
      }
    }
    if (firstError !== undefined && retryCount < LAST_ATTEMPT) throw firstError;
  };
}
