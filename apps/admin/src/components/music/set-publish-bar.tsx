import { trpc } from '@party/ui';
import { useT } from '../../i18n';
import { type Audience, PublishBar } from '../shared/publish-bar';
import type { AdminMusicSet } from './types';

/** Beside the set's title: Draft or who hears it, and Publish to attendees (of its event) or all members. */
export function SetPublishBar({ set }: { set: AdminMusicSet }) {
  const t = useT();
  const utils = trpc.useUtils();
  const mail = trpc.admin.mail.status.useQuery();
  const publish = trpc.admin.musicSets.update.useMutation({
    onSuccess: (saved) => {
      utils.admin.musicSets.byId.setData({ id: saved.id }, (current) =>
        current ? { ...current, ...saved } : current,
      );
      void utils.admin.musicSets.list.invalidate();
      void utils.admin.overview.summary.invalidate();
    },
  });
  const ready = set.tracks.filter((track) => track.status === 'ready').length;
  const busy = set.tracks.filter((track) => track.status === 'processing').length;
  return (
    <PublishBar
      state={set.visibility}
      drafts={set.visibility === 'draft' ? ready : 0}
      busy={busy}
      noun={t('count.tracks', { count: ready })}
      allowAttendees={set.eventId !== null}
      pending={publish.isPending}
      error={publish.error}
      notifyAvailable={mail.data !== undefined && mail.data.mode !== 'off'}
      notified={publish.data?.notified}
      onPublish={(visibility: Audience, notify: boolean) =>
        publish.mutate({ id: set.id, visibility, notify })
      }
    />
  );
}
