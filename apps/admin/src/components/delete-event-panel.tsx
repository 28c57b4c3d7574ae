import { navigate, trpc } from '@party/ui';
import { useT } from '../i18n';
import { DangerZone } from './shared/confirm';

/** Deleting is refused by the server while the event still has photos; its message says so. */
export function DeleteEventPanel({ eventId, title }: { eventId: string; title: string }) {
  const t = useT();
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
      title={t('event.deleteTitle')}
      description={t('event.deleteDescription')}
      startLabel={t('event.deleteStart')}
      question={t('common.deleteForGood', { title })}
      pending={remove.isPending}
      error={remove.error}
      onConfirm={() => remove.mutateAsync({ id: eventId })}
      autoFocus={false}
    />
  );
}
