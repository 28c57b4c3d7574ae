import { formatEventDate, Link, navigate, type RouterOutputs, trpc } from '@party/ui';
import { EMPTY_EVENT, EventForm, type EventFormValues } from '../components/event-form';
import { Card, PageHead } from '../components/shared/page';
import { type Column, QueryTable } from '../components/shared/query-table';

type EventRow = RouterOutputs['admin']['events']['list'][number];

const EVENT_COLUMNS: Column<EventRow>[] = [
  {
    label: 'Event',
    cell: (event) => (
      <>
        <Link to={`/events/${event.id}`} className="strong-link">
          {event.title}
        </Link>
        <div className="muted small mono">/{event.slug}</div>
      </>
    ),
  },
  { label: 'Date', cell: (event) => formatEventDate(event.eventDate) },
  { label: 'Venue', cell: (event) => event.venue || <span className="muted">—</span> },
  {
    label: 'Photos',
    cell: (event) =>
      event.imageCount === 0 ? (
        <span className="muted">none yet</span>
      ) : (
        <>
          {event.imageCount}
          <span className="muted small">
            {' '}
            · {event.readyCount} ready · {event.draftCount} draft
          </span>
          {event.failedCount > 0 && (
            <>
              {' '}
              <span className="badge badge--failed">{event.failedCount} failed</span>
            </>
          )}
        </>
      ),
  },
];

export function EventsPage() {
  const utils = trpc.useUtils();
  const events = trpc.admin.events.list.useQuery();
  const create = trpc.admin.events.create.useMutation({
    onSuccess: async (event) => {
      await utils.admin.events.list.invalidate();
      // Straight to the new event: the next thing an admin does is upload its photos.
      navigate(`/events/${event.id}`);
    },
  });

  const onCreate = (values: EventFormValues) =>
    create.mutate({
      title: values.title,
      eventDate: values.eventDate,
      slug: values.slug,
      venue: values.venue.trim() || undefined,
      description: values.description.trim() || undefined,
    });

  return (
    <>
      <PageHead title="Events" intro="Each party night has its gallery, its attendee list and its address." />

      <Card headingId="new-event" title="New event">
        <EventForm
          initial={EMPTY_EVENT}
          mode="create"
          pending={create.isPending}
          error={create.error}
          onSubmit={onCreate}
        />
      </Card>

      <Card headingId="all-events" title="All events">
        <QueryTable
          query={events}
          columns={EVENT_COLUMNS}
          rowKey={(event) => event.id}
          empty={{ title: 'No events yet', text: 'Create the first one above, then upload its photos.' }}
        />
      </Card>
    </>
  );
}
