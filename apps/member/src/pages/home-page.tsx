import { Alert, EmptyState, errorText, Spinner, trpc } from '@party/ui';
import { EventCard } from '../components/event-card';
import { useT } from '../i18n';

export function HomePage({ name }: { name: string }) {
  const t = useT();
  const events = trpc.events.list.useQuery();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t('home.welcome', { name })}</h1>
          <p className="muted">{t('home.intro')}</p>
        </div>
      </div>
      {events.isPending ? (
        <Spinner label={t('home.loading')} />
      ) : events.error ? (
        <Alert>{errorText(events.error)}</Alert>
      ) : events.data.length === 0 ? (
        <EmptyState title={t('home.emptyTitle')}>{t('home.emptyBody')}</EmptyState>
      ) : (
        <section aria-labelledby="events-heading">
          <h2 id="events-heading" className="section-title">
            {t('home.events')}
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
