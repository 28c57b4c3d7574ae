import { navigate, trpc } from '@party/ui';
import { useT } from '../../i18n';
import { DangerZone } from '../shared/confirm';

/** Deleting is refused by the server while the set still has tracks; its message says so. */
export function DeleteSetPanel({ setId, title }: { setId: string; title: string }) {
  const t = useT();
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
      title={t('set.deleteTitle')}
      description={t('set.deleteDescription')}
      startLabel={t('set.deleteStart')}
      question={t('common.deleteForGood', { title })}
      pending={remove.isPending}
      error={remove.error}
      onConfirm={() => remove.mutateAsync({ id: setId })}
    />
  );
}
