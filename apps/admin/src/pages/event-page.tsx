import { formatEventDate, Spinner, trpc } from '@party/ui';
import { lazy } from 'react';
import { AttendeesPanel } from '../components/attendees-panel';
import { DeleteEventPanel } from '../components/delete-event-panel';
import { EventDetailsPanel } from '../components/event-details-panel';
import { PhotoManager } from '../components/photo-manager';
import { LazyCard, LoadFailure, PageHead } from '../components/shared/page';

// Uppy is most of the admin bundle: load it with the first event page, not with the sign-in screen.
const UploadPanel = lazy(() =>
  import('../components/upload-panel').then((m) => ({ default: m.UploadPanel })),
);

/** One event: upload and manage its photos, edit its details, keep its attendee list. */
export function EventPage({ id }: { id: string }) {
  const event = trpc.admin.events.byId.useQuery({ id });

  if (event.isPending) return <Spinner />;
  if (event.error) {
    return (
      <LoadFailure
        error={event.error}
        missingTitle="There is no such event"
        back={{ to: '/events', label: 'Back to all events' }}
      />
    );
  }

  const data = event.data;
  return (
    <>
      <PageHead
        back={{ to: '/events', label: '← All events' }}
        title={data.title}
        intro={
          <>
            {formatEventDate(data.eventDate, 'full')}
            {data.venue ? ` · ${data.venue}` : ''}
          </>
        }
        actions={
          <a className="button button--ghost" href={`/events/${data.slug}`}>
            View as member
          </a>
        }
      />

      <LazyCard loadingLabel="Loading the uploader…">
        <UploadPanel eventId={data.id} />
      </LazyCard>
      <PhotoManager eventId={data.id} coverImageId={data.coverImageId} />
      <EventDetailsPanel event={data} />
      <AttendeesPanel eventId={data.id} />
      <DeleteEventPanel eventId={data.id} title={data.title} />
    </>
  );
}
