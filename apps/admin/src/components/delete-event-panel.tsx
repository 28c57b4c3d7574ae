import { navigate, trpc } from '@party/ui';
import { DangerZone } from './shared/confirm';

/** Deleting is refused by the server while the event still has photos; its message says so. */
export function DeleteEventPanel({ eventId, title }: { eventId: string; title: string }) {
  const utils = trpc.useUtils();
  const remove = trpc.admin.events.delete.useMutation({
    onSuccess: async () => {
      await utils.admin.events.list.invalidate();
      navigate('/events', { replace: true });
    },
  });

  return (
    <DangerZone
      headingId="delete-event"
      title="Delete event"
      description="Removes the event and its attendee list. An event that still has photos cannot be deleted: delete them first."
      startLabel="Delete event…"
      question={<>Delete “{title}” for good?</>}
      pending={remove.isPending}
      error={remove.error}
      onConfirm={() => remove.mutateAsync({ id: eventId })}
      autoFocus={false}
    />
  );
}
