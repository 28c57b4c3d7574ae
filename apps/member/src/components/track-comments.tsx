import { Alert, errorText, trpc } from '@party/ui';
import { type KeyboardEvent, useId, useState } from 'react';
import type { TrackCommentsQuery } from '../hooks/use-track-comments';
import { useT } from '../i18n';
import { formatClock, spokenClock } from '../lib/time';

type Comment = NonNullable<TrackCommentsQuery['data']>['comments'][number];

/**
 * Timed comments of one track beside the player: a form that posts at the moment the member
 * started writing (or the current one), and the list in time order; a comment's time seeks there.
 * Authors edit and delete their own, admins delete any, everyone else can report one.
 */
export function TrackComments({
  trackId,
  query,
  currentTime,
  onSeek,
}: {
  trackId: string;
  query: TrackCommentsQuery;
  currentTime: number;
  onSeek: (seconds: number) => void;
}) {
  const t = useT();
  const id = useId();
  const utils = trpc.useUtils();
  const [text, setText] = useState('');
  /** Where the comment goes: pinned when the member starts writing, so the music may play on. */
  const [pinned, setPinned] = useState<number | null>(null);
  const refresh = () => utils.comments.list.invalidate({ trackId });
  const create = trpc.comments.create.useMutation({
    onSuccess: async () => {
      setText('');
      setPinned(null);
      await refresh();
    },
  });
  const at = pinned ?? currentTime;
  const data = query.data;
  const max = data?.maxLength ?? 500;

  const submit = () => {
    if (create.isPending || text.trim() === '') return;
    create.mutate({ trackId, atSeconds: Math.max(0, Math.floor(at)), body: text });
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // The player's keys (space, J/K/L) belong to the text while writing.
    event.stopPropagation();
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <section className="comments card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="section-title">
        {t('comments.title')}
        {data && data.comments.length > 0 ? (
          <span className="muted small"> ({data.comments.length})</span>
        ) : null}
      </h2>
      {query.isPending ? (
        <p className="muted small" role="status">
          {t('comments.loading')}
        </p>
      ) : query.error ? (
        <Alert>
          {errorText(query.error)}{' '}
          <button type="button" className="link-button" onClick={() => void query.refetch()}>
            {t('comments.retry')}
          </button>
        </Alert>
      ) : (
        <>
          {data?.enabled ? (
            <form
              className="comment-form"
              onSubmit={(event) => {
                event.preventDefault();
                submit();
              }}
            >
              <label htmlFor={`${id}-text`} className="comment-form__label">
                {t('comments.label', { time: formatClock(at) })}
              </label>
              <textarea
                id={`${id}-text`}
                value={text}
                rows={2}
                maxLength={max}
                placeholder={t('comments.placeholder')}
                onFocus={() => {
                  if (pinned === null && text === '') setPinned(currentTime);
                }}
                onChange={(event) => {
                  if (pinned === null) setPinned(currentTime);
                  setText(event.target.value);
                }}
                onKeyDown={onKeyDown}
                aria-describedby={`${id}-count`}
              />
              <div className="comment-form__row">
                <span id={`${id}-count`} className="muted small">
                  {t('comments.chars', { length: text.length, max })}
                </span>
                {pinned !== null && (
                  <button type="button" className="link-button small" onClick={() => setPinned(currentTime)}>
                    {t('comments.useNow', { time: formatClock(currentTime) })}
                  </button>
                )}
                <button
                  type="submit"
                  className="button button--primary button--small"
                  aria-disabled={create.isPending || text.trim() === ''}
                >
                  {create.isPending ? t('comments.posting') : t('comments.post', { time: formatClock(at) })}
                </button>
              </div>
              {create.error && (
                <p className="comment__error" role="alert">
                  {errorText(create.error)}
                </p>
              )}
            </form>
          ) : (
            <p className="muted small">{t('comments.off')}</p>
          )}
          {data && data.comments.length === 0 && data.enabled && (
            <p className="muted small">{t('comments.empty')}</p>
          )}
          {data && data.comments.length > 0 && (
            <ol className="comment-list">
              {data.comments.map((comment) => (
                <CommentItem
                  key={comment.id}
                  comment={comment}
                  canModerate={data.canModerate}
                  enabled={data.enabled}
                  max={max}
                  onSeek={onSeek}
                  onChanged={refresh}
                />
              ))}
            </ol>
          )}
        </>
      )}
    </section>
  );
}

function CommentItem({
  comment,
  canModerate,
  enabled,
  max,
  onSeek,
  onChanged,
}: {
  comment: Comment;
  canModerate: boolean;
  enabled: boolean;
  max: number;
  onSeek: (seconds: number) => void;
  onChanged: () => Promise<void>;
}) {
  const t = useT();
  const id = useId();
  const [mode, setMode] = useState<'view' | 'edit' | 'delete' | 'report' | 'reported'>('view');
  const [draft, setDraft] = useState(comment.body);
  const [reason, setReason] = useState('');
  const update = trpc.comments.update.useMutation({
    onSuccess: async () => {
      setMode('view');
      await onChanged();
    },
  });
  const remove = trpc.comments.delete.useMutation({ onSuccess: onChanged });
  const report = trpc.comments.report.useMutation({ onSuccess: () => setMode('reported') });
  const error = update.error ?? remove.error ?? report.error;
  const stopKeys = (event: KeyboardEvent) => {
    event.stopPropagation();
    if (event.key === 'Escape') setMode('view');
  };

  return (
    <li className="comment">
      <button
        type="button"
        className="comment__time"
        onClick={() => onSeek(comment.atSeconds)}
        aria-label={t('comments.seek', { time: spokenClock(comment.atSeconds) })}
      >
        {formatClock(comment.atSeconds)}
      </button>
      <div className="comment__main">
        <p className="comment__meta small">
          <strong>{comment.authorName}</strong>
          {comment.edited && <span className="muted"> · {t('comments.edited')}</span>}
        </p>
        {mode === 'edit' ? (
          <form
            className="comment-form"
            onSubmit={(event) => {
              event.preventDefault();
              if (!update.isPending) update.mutate({ id: comment.id, body: draft });
            }}
          >
            <label htmlFor={`${id}-edit`} className="sr-only">
              {t('comments.editLabel')}
            </label>
            <textarea
              id={`${id}-edit`}
              value={draft}
              rows={2}
              maxLength={max}
              onChange={(event) => setDraft(event.target.value)}
              onKeyDown={stopKeys}
            />
            <SubmitOrCancel
              label={t('comments.save')}
              tone="primary"
              pending={update.isPending}
              onCancel={() => setMode('view')}
            />
          </form>
        ) : (
          <p className="comment__body">{comment.body}</p>
        )}
        {mode === 'report' && (
          <form
            className="comment-form"
            onSubmit={(event) => {
              event.preventDefault();
              if (!report.isPending) report.mutate({ id: comment.id, reason: reason.trim() || undefined });
            }}
          >
            <label htmlFor={`${id}-reason`} className="small">
              {t('comments.reportReason')}
            </label>
            <input
              id={`${id}-reason`}
              value={reason}
              maxLength={300}
              onChange={(event) => setReason(event.target.value)}
              onKeyDown={stopKeys}
            />
            <SubmitOrCancel
              label={t('comments.reportSend')}
              tone="danger"
              pending={report.isPending}
              onCancel={() => setMode('view')}
            />
          </form>
        )}
        {mode === 'delete' && (
          <div className="comment__actions">
            <span className="small" role="status">
              {t('comments.confirmDelete')}
            </span>
            <button
              type="button"
              className="button button--danger button--small"
              aria-disabled={remove.isPending}
              onClick={() => !remove.isPending && remove.mutate({ id: comment.id })}
            >
              {t('comments.delete')}
            </button>
            <button
              type="button"
              className="button button--ghost button--small"
              onClick={() => setMode('view')}
            >
              {t('comments.cancel')}
            </button>
          </div>
        )}
        {mode === 'reported' && (
          <p className="muted small" role="status">
            {t('comments.reported')}
          </p>
        )}
        {mode === 'view' && (
          <div className="comment__actions">
            {comment.mine && enabled && (
              <button
                type="button"
                className="link-button small"
                onClick={() => {
                  setDraft(comment.body);
                  setMode('edit');
                }}
              >
                {t('comments.edit')}
              </button>
            )}
            {(comment.mine || canModerate) && (
              <button type="button" className="link-button small" onClick={() => setMode('delete')}>
                {t('comments.delete')}
              </button>
            )}
            {!comment.mine && (
              <button type="button" className="link-button small" onClick={() => setMode('report')}>
                {t('comments.report')}
              </button>
            )}
          </div>
        )}
        {error && (
          <p className="comment__error small" role="alert">
            {errorText(error)}
          </p>
        )}
      </div>
    </li>
  );
}

/** The two buttons under a comment's edit and report forms. */
function SubmitOrCancel(props: {
  label: string;
  tone: 'primary' | 'danger';
  pending: boolean;
  onCancel: () => void;
}) {
  const t = useT();
  return (
    <div className="comment__actions">
      <button
        type="submit"
        className={`button button--${props.tone} button--small`}
        aria-disabled={props.pending}
      >
        {props.label}
      </button>
      <button type="button" className="button button--ghost button--small" onClick={props.onCancel}>
        {t('comments.cancel')}
      </button>
    </div>
  );
}
