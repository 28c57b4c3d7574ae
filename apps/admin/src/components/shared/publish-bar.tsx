import '../../styles/publish.css';
import { Alert, errorText } from '@party/ui';
import { useId, useState } from 'react';
import { useT } from '../../i18n';

export type Audience = 'attendees' | 'members';

/**
 * The publishing state of an event's photos or of a set, with the way to publish right beside it:
 * a badge (Draft, or who sees it), the audience to publish to, and Publish. When nothing is left
 * processing it says so, prompting to publish what is ready.
 */
export function PublishBar({
  state,
  drafts,
  busy,
  noun,
  allowAttendees,
  pending,
  error,
  notifyAvailable,
  notified,
  onPublish,
}: {
  /** `draft` while anything ready is unpublished; otherwise who sees it. */
  state: 'draft' | Audience;
  /** Ready items still in draft (photos of an event, tracks of a draft set). */
  drafts: number;
  /** Items still uploading or processing: publishing now would leave them behind (photos) or is early. */
  busy: number;
  /** "12 photos" / "3 tracks": what would be published. */
  noun: string;
  /** A set without an event has no attendees to publish to. */
  allowAttendees: boolean;
  pending: boolean;
  error: unknown;
  /** Mails queued by the last publish (shown once it answered). */
  notified?: number;
  /** Mail is on: offer "Notify the people who can see it" (checked by default). */
  notifyAvailable: boolean;
  onPublish: (audience: Audience, notify: boolean) => void;
}) {
  const t = useT();
  const selectId = useId();
  // Unset until the admin picks one: attendees by default wherever there are any, also when the
  // set gets its event after the bar first showed (a state fixed at mount would stay "members").
  const [picked, setPicked] = useState<Audience | null>(null);
  // On by default: publishing is when people want to hear about it; each person is told once.
  const [notify, setNotify] = useState(true);
  const chosen = allowAttendees ? (picked ?? 'attendees') : 'members';
  return (
    <section className="publish-bar" aria-label={t('publish.label')}>
      <span className={`badge badge--${state}`}>{t(`common.visibility.${state}`)}</span>
      {state === 'draft' && drafts > 0 ? (
        <>
          <span className="publish-bar__text">
            {busy === 0 ? t('publish.ready', { what: noun }) : t('publish.waiting', { what: noun })}
          </span>
          <span className="publish-bar__controls">
            <label htmlFor={selectId} className="visually-hidden">
              {t('publish.audience')}
            </label>
            <select
              id={selectId}
              className="publish-bar__select"
              value={chosen}
              onChange={(e) => setPicked(e.target.value === 'members' ? 'members' : 'attendees')}
            >
              {allowAttendees && <option value="attendees">{t('publish.toAttendees')}</option>}
              <option value="members">{t('publish.toMembers')}</option>
            </select>
            <button
              type="button"
              className="button button--small button--primary"
              disabled={pending}
              onClick={() => onPublish(chosen, notifyAvailable && notify)}
            >
              {pending ? t('publish.publishing') : t('publish.publish')}
            </button>
            {notifyAvailable && (
              <label className="check-label check-label--wrap publish-bar__notify">
                <input
                  type="checkbox"
                  className="checkbox"
                  checked={notify}
                  onChange={(e) => setNotify(e.target.checked)}
                />
                <span>{t('publish.notify')}</span>
              </label>
            )}
          </span>
        </>
      ) : (
        state !== 'draft' && (
          <span className="publish-bar__text muted small">{t(`publish.seenBy.${state}`)}</span>
        )
      )}
      {notified !== undefined && notified > 0 ? (
        <span className="publish-bar__text muted small" role="status">
          {t('publish.notified', { count: notified })}
        </span>
      ) : null}
      {error ? <Alert>{errorText(error)}</Alert> : null}
    </section>
  );
}
