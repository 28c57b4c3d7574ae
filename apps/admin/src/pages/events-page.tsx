import { Alert, EmptyState, errorText, formatEventDate, Link, navigate, Spinner, trpc } from '@party/ui';
import { EMPTY_EVENT, EventForm, type EventFormValues } from '../components/event-form';

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
      <div className="page-head">
        <div>
          <h1>Events</h1>
          <p className="muted">Each party night has its gallery, its attendee list and its address.</p>
        </div>
      </div>

      <section className="card" aria-labelledby="new-event">
        <h2 id="new-event">New event</h2>
        <EventForm
          initial={EMPTY_EVENT}
          mode="create"
          pending={create.isPending}
          error={create.error}
          onSubmit={onCreate}
        />
      </section>

      <section className="card" aria-labelledby="all-events">
        <h2 id="all-events">All events</h2>
        {events.isPending ? (
          <Spinner />
        ) : events.error ? (
          <Alert>{errorText(events.error)}</Alert>
        ) : events.data.length === 0 ? (
          <EmptyState title="No events yet">Create the first one above, then upload its photos.</EmptyState>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th>Event</th>
                <th>Date</th>
                <th>Venue</th>
                <th>Photos</th>
              </tr>
            </thead>
            <tbody>
              {events.data.map((event) => (
                <tr key={event.id}>
                  <td data-label="Event">
                    <Link to={`/events/${event.id}`} className="strong-link">
                      {event.title}
                    </Link>
                    <div className="muted small mono">/{event.slug}</div>
                  </td>
                  <td data-label="Date">{formatEventDate(event.eventDate)}</td>
                  <td data-label="Venue">{event.venue || <span className="muted">—</span>}</td>
                  <td data-label="Photos">
                    {event.imageCount === 0 ? (
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
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
