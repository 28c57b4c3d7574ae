import { Alert, EmptyState, errorCode, errorText, formatEventDate, Link, Spinner, trpc } from '@party/ui';
import { lazy, Suspense } from 'react';
import { AttendeesPanel } from '../components/attendees-panel';
import { DeleteEventPanel } from '../components/delete-event-panel';
import { EventDetailsPanel } from '../components/event-details-panel';
import { PhotoManager } from '../components/photo-manager';

// Uppy is most of the admin bundle: load it with the first event page, not with the sign-in screen.
const UploadPanel = lazy(() =>
  import('../components/upload-panel').then((m) => ({ default: m.UploadPanel })),
);

/** One event: upload and manage its photos, edit its details, keep its attendee list. */
export function EventPage({ id }: { id: string }) {
  const event = trpc.admin.events.byId.useQuery({ id });

  if (event.isPending) return <Spinner />;
  if (event.error) {
    return errorCode(event.error) === 'NOT_FOUND' || errorCode(event.error) === 'BAD_REQUEST' ? (
      <EmptyState title="There is no such event">
        It may have been deleted. <Link to="/events">Back to all events</Link>
      </EmptyState>
    ) : (
      <Alert>{errorText(event.error)}</Alert>
    );
  }

  const data = event.data;
  return (
    <>
      <div className="page-head">
        <div>
          <Link to="/events" className="back-link">
            ← All events
          </Link>
          <h1>{data.title}</h1>
          <p className="muted">
            {formatEventDate(data.eventDate, 'full')}
            {data.venue ? ` · ${data.venue}` : ''}
          </p>
        </div>
        <a className="button button--ghost" href={`/events/${data.slug}`}>
          View as member
        </a>
      </div>

      <Suspense
        fallback={
          <section className="card">
            <Spinner label="Loading the uploader…" />
          </section>
        }
      >
        <UploadPanel eventId={data.id} />
      </Suspense>
      <PhotoManager eventId={data.id} coverImageId={data.coverImageId} />
      <EventDetailsPanel event={data} />
      <AttendeesPanel eventId={data.id} />
      <DeleteEventPanel eventId={data.id} title={data.title} />
    </>
  );
}
