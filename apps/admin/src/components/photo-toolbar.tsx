import { Alert, errorText, plural, trpc } from '@party/ui';
import { useEffect, useRef, useState } from 'react';
import { ConfirmRow } from './shared/confirm';

type Visibility = 'draft' | 'attendees' | 'members';

const DONE: Record<Visibility, string> = {
  members: 'published to all members',
  attendees: 'published to the attendees',
  draft: 'back to draft',
};

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
    onSuccess: ({ updated }, input) => done(`${plural(updated, 'photo')} ${DONE[input.visibility]}.`),
  });
  const original = trpc.admin.images.setOriginalDownload.useMutation({
    onSuccess: ({ updated }, input) =>
      done(`Original download ${input.allow ? 'allowed' : 'turned off'} for ${plural(updated, 'photo')}.`),
  });
  const remove = trpc.admin.images.delete.useMutation({
    onSuccess: ({ deleting }) => {
      setConfirming(null);
      onClear();
      done(`${plural(deleting, 'photo')} being deleted.`);
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
      label: 'Publish to members',
      primary: true,
      act: () => visibility.mutate({ ids, visibility: 'members' }),
    },
    { label: 'Publish to attendees', act: () => visibility.mutate({ ids, visibility: 'attendees' }) },
    { label: 'Back to draft', act: () => visibility.mutate({ ids, visibility: 'draft' }) },
    { label: 'Allow original', act: () => original.mutate({ ids, allow: true }) },
    { label: 'No original', act: () => original.mutate({ ids, allow: false }) },
  ];

  return (
    <div className="toolbar" role="toolbar" aria-label="Photo actions">
      <div className="toolbar__row">
        <label className="check-label">
          <input
            ref={selectAllRef}
            type="checkbox"
            className="checkbox"
            checked={total > 0 && count === total}
            onChange={(e) => (e.target.checked ? onSelectAll() : onClear())}
          />
          {count > 0 ? `${count} of ${total} selected` : `Select all ${total}`}
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
              Delete…
            </button>
            <button type="button" className="button button--small button--ghost" onClick={onClear}>
              Clear selection
            </button>
          </div>
        ) : (
          <div className="toolbar__actions">
            <button
              type="button"
              className="button button--small button--primary"
              disabled={busy}
              onClick={() => setConfirming('publish-all')}
            >
              Publish all to members…
            </button>
            <button
              type="button"
              className="button button--small"
              disabled={busy}
              onClick={() => run(() => visibility.mutate({ eventId, visibility: 'attendees' }))}
            >
              Publish all to attendees
            </button>
          </div>
        )}
      </div>
      {confirming === 'delete' && count > 0 && (
        <ConfirmRow
          small
          question={`Delete ${plural(count, 'photo')} for good? Their files are removed from storage too.`}
          confirmLabel={`Delete ${plural(count, 'photo')}`}
          pendingLabel="Deleting…"
          pending={remove.isPending}
          onConfirm={() => run(() => remove.mutate({ ids }))}
          onCancel={() => setConfirming(null)}
        />
      )}
      {confirming === 'publish-all' && count === 0 && (
        <ConfirmRow
          small
          question={`Show all ${plural(total, 'photo')} of this event to every member, drafts included?`}
          confirmLabel="Publish all"
          pendingLabel="Publish all"
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
