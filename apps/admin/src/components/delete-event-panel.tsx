import { Alert, errorText, navigate, trpc } from '@party/ui';
import { useState } from 'react';

/** Deleting is refused by the server while the event still has photos; its message says so. */
export function DeleteEventPanel({ eventId, title }: { eventId: string; title: string }) {
  const utils = trpc.useUtils();
  const [confirming, setConfirming] = useState(false);
  const remove = trpc.admin.events.delete.useMutation({
    onSuccess: async () => {
      await utils.admin.events.list.invalidate();
      navigate('/events', { replace: true });
    },
    onSettled: () => setConfirming(false),
  });

  return (
    <section className="card card--danger" aria-labelledby="delete-event">
      <h2 id="delete-event">Delete event</h2>
      <p className="muted">
        Removes the event and its attendee list. An event that still has photos cannot be deleted: delete them
        first.
      </p>
      {remove.error && <Alert>{errorText(remove.error)}</Alert>}
      {confirming ? (
        <div className="confirm-row">
          <span>Delete “{title}” for good?</span>
          <button
            type="button"
            className="button button--danger-solid"
            disabled={remove.isPending}
            onClick={() => remove.mutate({ id: eventId })}
          >
            {remove.isPending ? 'Deleting…' : 'Yes, delete'}
          </button>
          <button type="button" className="button button--ghost" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <button type="button" className="button button--danger" onClick={() => setConfirming(true)}>
          Delete event…
        </button>
      )}
    </section>
  );
}
