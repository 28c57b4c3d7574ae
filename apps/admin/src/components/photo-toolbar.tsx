import { Alert, errorText, trpc } from '@party/ui';
import { useEffect, useRef, useState } from 'react';
import { useT } from '../i18n';
import { ConfirmRow } from './shared/confirm';

type Visibility = 'draft' | 'attendees' | 'members';

const DONE = {
  members: 'photos.toolbar.doneMembers',
  attendees: 'photos.toolbar.doneAttendees',
  draft: 'photos.toolbar.doneDraft',
} as const satisfies Record<Visibility, string>;

/**
 * Select-all plus the actions on the selection (visibility, original download, delete) and on
 * the whole event. Sticks under the top bar so it stays in reach in a long grid.
 */
export function PhotoToolbar({
  eventId,
  total,
  selected,
  onSelectAll,
  onClear,
  onChanged,
}: {
  eventId: string;
  total: number;
  selected: ReadonlySet<string>;
  onSelectAll: () => void;
  onClear: () => void;
  onChanged: () => void;
}) {
  const t = useT();
  const photos = (count: number) => t('count.photos', { count });
  const [message, setMessage] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<'delete' | 'publish-all' | null>(null);
  const selectAllRef = useRef<HTMLInputElement>(null);
  const ids = [...selected];
  const count = ids.length;

  const done = (text: string) => {
    setMessage(text);
    onChanged();
  };
  const visibility = trpc.admin.images.setVisibility.useMutation({
    onSuccess: ({ updated }, input) => done(t(DONE[input.visibility], { photos: photos(updated) })),
  });
  const original = trpc.admin.images.setOriginalDownload.useMutation({
    onSuccess: ({ updated }, input) =>
      done(
        t(input.allow ? 'photos.toolbar.originalAllowed' : 'photos.toolbar.originalOff', {
          photos: photos(updated),
        }),
      ),
  });
  const remove = trpc.admin.images.delete.useMutation({
    onSuccess: ({ deleting }) => {
      setConfirming(null);
      onClear();
      done(t('photos.toolbar.beingDeleted', { photos: photos(deleting) }));
    },
  });
  const error = visibility.error ?? original.error ?? remove.error;
  const busy = visibility.isPending || original.isPending || remove.isPending;

  // A half-selected grid shows the select-all box as "mixed", which only the DOM property can say.
  useEffect(() => {
    if (selectAllRef.current) selectAllRef.current.indeterminate = count > 0 && count < total;
  }, [count, total]);
  // A changed selection withdraws a pending confirmation.
  useEffect(() => {
    setConfirming(null);
  }, [count]);

  /** Starts an action with a clean slate: no message or error left over from the previous one. */
  const run = (action: () => void) => {
    setMessage(null);
    visibility.reset();
    original.reset();
    remove.reset();
    action();
  };

  const selectionActions = [
    {
      label: t('photos.toolbar.publishMembers'),
      primary: true,
      act: () => visibility.mutate({ ids, visibility: 'members' }),
    },
    {
      label: t('photos.toolbar.publishAttendees'),
      act: () => visibility.mutate({ ids, visibility: 'attendees' }),
    },
    { label: t('photos.toolbar.backToDraft'), act: () => visibility.mutate({ ids, visibility: 'draft' }) },
    { label: t('photos.toolbar.allowOriginal'), act: () => original.mutate({ ids, allow: true }) },
    { label: t('photos.toolbar.noOriginal'), act: () => original.mutate({ ids, allow: false }) },
  ];

  return (
    <div className="toolbar" role="toolbar" aria-label={t('photos.toolbar.label')}>
      <div className="toolbar__row">
        <label className="check-label">
          <input
            ref={selectAllRef}
            type="checkbox"
            className="checkbox"
            checked={total > 0 && count === total}
            onChange={(e) => (e.target.checked ? onSelectAll() : onClear())}
          />
          {count > 0
            ? t('photos.toolbar.selected', { count, total })
            : t('photos.toolbar.selectAll', { total })}
        </label>
        {count > 0 ? (
          <div className="toolbar__actions">
            {selectionActions.map((action) => (
              <button
                key={action.label}
                type="button"
                className={`button button--small${action.primary ? ' button--primary' : ''}`}
                disabled={busy}
                onClick={() => run(action.act)}
              >
                {action.label}
              </button>
            ))}
            <button
              type="button"
              className="button button--small button--danger"
              disabled={busy}
              onClick={() => setConfirming('delete')}
            >
              {t('photos.toolbar.delete')}
            </button>
            <button type="button" className="button button--small button--ghost" onClick={onClear}>
              {t('photos.toolbar.clear')}
            </button>
            <p className="muted small toolbar__hint">{t('photos.toolbar.originalHint')}</p>
          </div>
        ) : (
          <div className="toolbar__actions">
            <button
              type="button"
              className="button button--small button--primary"
              disabled={busy}
              onClick={() => setConfirming('publish-all')}
            >
              {t('photos.toolbar.publishAllMembers')}
            </button>
            <button
              type="button"
              className="button button--small"
              disabled={busy}
              onClick={() => run(() => visibility.mutate({ eventId, visibility: 'attendees' }))}
            >
              {t('photos.toolbar.publishAllAttendees')}
            </button>
          </div>
        )}
      </div>
      {confirming === 'delete' && count > 0 && (
        <ConfirmRow
          small
          question={t('photos.toolbar.deleteQuestion', { photos: photos(count) })}
          confirmLabel={t('photos.toolbar.deleteConfirm', { photos: photos(count) })}
          pendingLabel={t('common.deleting')}
          pending={remove.isPending}
          onConfirm={() => run(() => remove.mutate({ ids }))}
          onCancel={() => setConfirming(null)}
        />
      )}
      {confirming === 'publish-all' && count === 0 && (
        <ConfirmRow
          small
          question={t('photos.toolbar.publishAllQuestion', { photos: photos(total) })}
          confirmLabel={t('photos.toolbar.publishAll')}
          pendingLabel={t('photos.toolbar.publishAll')}
          confirmClass="button--primary"
          pending={visibility.isPending}
          onConfirm={() =>
            run(() =>
              visibility.mutate({ eventId, visibility: 'members' }, { onSettled: () => setConfirming(null) }),
            )
          }
          onCancel={() => setConfirming(null)}
        />
      )}
      <div aria-live="polite">
        {error ? <Alert>{errorText(error)}</Alert> : message && <Alert tone="success">{message}</Alert>}
      </div>
    </div>
  );
}
