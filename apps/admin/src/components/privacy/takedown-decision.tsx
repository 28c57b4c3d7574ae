import { Alert, errorText, type RouterOutputs, trpc } from '@party/ui';
import { useId, useState } from 'react';
import { useT } from '../../i18n';
import { ConfirmRow } from '../shared/confirm';
import { LabelledField } from '../shared/form';

type Takedown = RouterOutputs['admin']['takedowns']['list'][number];
type Decision = 'keep-hidden' | 'delete' | 'restore';

/** The longest note the server takes (`TAKEDOWN_NOTE_MAX`). */
const NOTE_MAX = 1000;

/**
 * Keep hidden, restore or delete one requested photo, with a note the requester reads. Delete
 * asks first: it cannot be undone.
 */
export function TakedownDecision({ request }: { request: Takedown }) {
  const t = useT();
  const id = useId();
  const utils = trpc.useUtils();
  const [note, setNote] = useState('');
  const [confirmDelete, setConfirmDelete] = useState(false);
  const decide = trpc.admin.takedowns.decide.useMutation({
    onSuccess: () => {
      setConfirmDelete(false);
      void utils.admin.takedowns.list.invalidate();
      void utils.admin.images.list.invalidate();
    },
  });
  if (!request.image || request.state === 'restored' || request.state === 'deleted') return null;
  const send = (decision: Decision) =>
    decide.mutate({ id: request.id, decision, note: note.trim() || undefined });
  const label = request.image.originalName;
  return (
    <div className="takedown-decision">
      <LabelledField id={`${id}-note`} label={t('takedowns.note')} hint={t('takedowns.noteHint')}>
        {(control) => (
          <textarea
            {...control}
            rows={2}
            maxLength={NOTE_MAX}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        )}
      </LabelledField>
      {decide.error && <Alert>{errorText(decide.error)}</Alert>}
      {confirmDelete ? (
        <ConfirmRow
          small
          question={t('takedowns.deleteQuestion')}
          confirmLabel={t('takedowns.delete')}
          pendingLabel={t('common.deleting')}
          pending={decide.isPending}
          onConfirm={() => send('delete')}
          onCancel={() => setConfirmDelete(false)}
        />
      ) : (
        <div className="takedown-decision__actions">
          {request.state === 'open' && (
            <button
              type="button"
              className="button button--small"
              disabled={decide.isPending}
              onClick={() => send('keep-hidden')}
              aria-label={t('takedowns.keepLabel', { name: label })}
            >
              {t('takedowns.keep')}
            </button>
          )}
          <button
            type="button"
            className="button button--small button--primary"
            disabled={decide.isPending}
            onClick={() => send('restore')}
            aria-label={t('takedowns.restoreLabel', { name: label })}
          >
            {t('takedowns.restore')}
          </button>
          <button
            type="button"
            className="button button--small button--danger"
            disabled={decide.isPending}
            onClick={() => setConfirmDelete(true)}
            aria-label={t('takedowns.deleteLabel', { name: label })}
          >
            {t('takedowns.delete')}
          </button>
        </div>
      )}
    </div>
  );
}
