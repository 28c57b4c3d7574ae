import { Alert, EmptyState, errorText, Spinner, trpc } from '@party/ui';
import { EventCard } from '../components/event-card';

export function HomePage({ name }: { name: string }) {
  const events = trpc.events.list.useQuery();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Welcome, {name}</h1>
          <p className="muted">Photos of our nights and the DJ sets that made them.</p>
        </div>
      </div>
      {events.isPending ? (
        <Spinner label="Loading events…" />
      ) : events.error ? (
        <Alert>{errorText(events.error)}</Alert>
      ) : events.data.length === 0 ? (
        <EmptyState title="Nothing published yet">
          When the admins publish event galleries and music sets, you will find them here.
        </EmptyState>
      ) : (
        <section aria-labelledby="events-heading">
          <h2 id="events-heading" className="section-title">
            Events
          </h2>
          <ul className="event-cards">
            {events.data.map((event) => (
              <EventCard key={event.id} event={event} />
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
