import { formatEventDate, Spinner, trpc } from '@party/ui';
import { lazy } from 'react';
import { AttendeesPanel } from '../components/attendees-panel';
import { DeleteEventPanel } from '../components/delete-event-panel';
import { EventDetailsPanel } from '../components/event-details-panel';
import { EventPublishBar } from '../components/event-publish-bar';
import { PhotoManager } from '../components/photo-manager';
import { ShareLinksPanel } from '../components/share-links-panel';
import { LazyCard, LoadFailure, PageHead } from '../components/shared/page';
import { useT } from '../i18n';

// Uppy is most of the admin bundle: load it with the first event page, not with the sign-in screen.
const UploadPanel = lazy(() =>
  import('../components/upload-panel').then((m) => ({ default: m.UploadPanel })),
);

/** One event: upload and manage its photos, edit its details, keep its attendee list. */
export function EventPage({ id }: { id: string }) {
  const t = useT();
  const event = trpc.admin.events.byId.useQuery({ id });

  if (event.isPending) return <Spinner />;
  if (event.error) {
    return (
      <LoadFailure
        error={event.error}
        missingTitle={t('event.missing')}
        back={{ to: '/events', label: t('event.backToAll') }}
      />
    );
  }

  const data = event.data;
  return (
    <>
      <PageHead
        back={{ to: '/events', label: t('event.allEvents') }}
        title={data.title}
        intro={
          <>
            {formatEventDate(data.eventDate, 'full')}
            {data.venue ? ` · ${data.venue}` : ''}
          </>
        }
        actions={
          <a className="button button--ghost" href={`/events/${data.slug}`}>
            {t('event.viewAsMember')}
          </a>
        }
      />
      <EventPublishBar eventId={data.id} />

      <LazyCard loadingLabel={t('common.loadingUploader')}>
        <UploadPanel eventId={data.id} />
      </LazyCard>
      <PhotoManager eventId={data.id} coverImageId={data.coverImageId} />
      <EventDetailsPanel event={data} />
      <AttendeesPanel eventId={data.id} />
      <ShareLinksPanel target={{ eventId: data.id }} />
      <DeleteEventPanel eventId={data.id} title={data.title} />
    </>
  );
}
