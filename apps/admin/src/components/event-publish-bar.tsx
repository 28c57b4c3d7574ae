import { trpc } from '@party/ui';
import { useT } from '../i18n';
import { type Audience, PublishBar } from './shared/publish-bar';

/**
 * Beside the event's title: whether its photos are still drafts, and Publish to attendees or all
 * members. Shares the photo grid's query, so it follows uploads and processing live.
 */
export function EventPublishBar({ eventId }: { eventId: string }) {
  const t = useT();
  const utils = trpc.useUtils();
  const mail = trpc.admin.mail.status.useQuery();
  const images = trpc.admin.images.list.useQuery({ eventId });
  const publish = trpc.admin.images.setVisibility.useMutation({
    onSuccess: () => {
      void utils.admin.images.list.invalidate({ eventId });
      void utils.admin.events.list.invalidate();
      void utils.admin.overview.summary.invalidate();
    },
  });
  const rows = images.data ?? [];
  const ready = rows.filter((image) => image.status === 'ready');
  if (ready.length === 0) return null;
  const drafts = ready.filter((image) => image.visibility === 'draft').length;
  const busy = rows.filter((image) => image.status === 'processing').length;
  // The widest audience any ready photo has, once none is left in draft.
  const state =
    drafts > 0 ? 'draft' : ready.some((image) => image.visibility === 'members') ? 'members' : 'attendees';
  return (
    <PublishBar
      state={state}
      drafts={drafts}
      busy={busy}
      noun={t('count.photos', { count: drafts })}
      allowAttendees
      pending={publish.isPending}
      error={publish.error}
      notifyAvailable={mail.data !== undefined && mail.data.mode !== 'off'}
      notified={publish.data?.notified}
      onPublish={(visibility: Audience, notify: boolean) => {
        // Only the drafts: a photo kept for attendees or sent back to draft on purpose stays as it is.
        const ids = ready.filter((image) => image.visibility === 'draft').map((image) => image.id);
        publish.mutate({ ids, visibility, notify });
      }}
    />
  );
}
