import { Alert, errorText, navigate, trpc } from '@party/ui';
import { useState } from 'react';

/** Deleting is refused by the server while the set still has tracks; its message says so. */
export function DeleteSetPanel({ setId, title }: { setId: string; title: string }) {
  const utils = trpc.useUtils();
  const [confirming, setConfirming] = useState(false);
  const remove = trpc.admin.musicSets.delete.useMutation({
    onSuccess: async () => {
      await utils.admin.musicSets.list.invalidate();
      navigate('/music', { replace: true });
    },
    onSettled: () => setConfirming(false),
  });

  return (
    <section className="card card--danger" aria-labelledby="delete-set">
      <h2 id="delete-set">Delete set</h2>
      <p className="muted">A set that still has tracks cannot be deleted: delete its tracks first.</p>
      {remove.error && <Alert>{errorText(remove.error)}</Alert>}
      {confirming ? (
        <div className="confirm-row">
          <span>Delete “{title}” for good?</span>
          <button
            type="button"
            className="button button--danger-solid"
            disabled={remove.isPending}
            onClick={() => remove.mutate({ id: setId })}
            autoFocus
          >
            {remove.isPending ? 'Deleting…' : 'Yes, delete'}
          </button>
          <button type="button" className="button button--ghost" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <button type="button" className="button button--danger" onClick={() => setConfirming(true)}>
          Delete set…
        </button>
      )}
    </section>
  );
}
