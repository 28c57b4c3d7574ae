import { navigate, trpc } from '@party/ui';
import { DangerZone } from '../shared/confirm';

/** Deleting is refused by the server while the set still has tracks; its message says so. */
export function DeleteSetPanel({ setId, title }: { setId: string; title: string }) {
  const utils = trpc.useUtils();
  const remove = trpc.admin.musicSets.delete.useMutation({
    onSuccess: async () => {
      await utils.admin.musicSets.list.invalidate();
      navigate('/music', { replace: true });
    },
  });

  return (
    <DangerZone
      headingId="delete-set"
      title="Delete set"
      description="A set that still has tracks cannot be deleted: delete its tracks first."
      startLabel="Delete set…"
      question={<>Delete “{title}” for good?</>}
      pending={remove.isPending}
      error={remove.error}
      onConfirm={() => remove.mutateAsync({ id: setId })}
    />
  );
}
