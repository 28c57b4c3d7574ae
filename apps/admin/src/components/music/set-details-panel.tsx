import { Alert, trpc } from '@party/ui';
import { useState } from 'react';
import { useT } from '../../i18n';
import { Card } from '../shared/page';
import { SetForm, type SetFormValues, setInput } from './set-form';
import type { AdminMusicSet } from './types';

export function SetDetailsPanel({ set }: { set: AdminMusicSet }) {
  const t = useT();
  const utils = trpc.useUtils();
  // Bumped after each save so the form remounts with what the server stored. (Not keyed on
  // updatedAt: processing touches the set too, which must not wipe what the admin is typing.)
  const [version, setVersion] = useState(0);
  const update = trpc.admin.musicSets.update.useMutation({
    onSuccess: (saved) => {
      utils.admin.musicSets.byId.setData({ id: saved.id }, (current) =>
        current ? { ...current, ...saved } : current,
      );
      void utils.admin.musicSets.list.invalidate();
      setVersion((v) => v + 1);
    },
  });

  const onSubmit = (values: SetFormValues) => update.mutate({ id: set.id, ...setInput(values) });

  return (
    <Card headingId="set-details" title={t('set.details')}>
      {update.isSuccess && !update.isPending && <Alert tone="success">{t('common.saved')}</Alert>}
      <SetForm
        // Published from the bar above: the form shows the new visibility, so a save keeps it.
        key={`${version}-${set.visibility}`}
        initial={{
          title: set.title,
          artist: set.artist,
          eventId: set.eventId ?? '',
          recordedOn: set.recordedOn ?? '',
          description: set.description ?? '',
          visibility: set.visibility,
          djUserId: set.djUserId ?? '',
        }}
        mode="edit"
        pending={update.isPending}
        error={update.error}
        onSubmit={onSubmit}
      />
    </Card>
  );
}
