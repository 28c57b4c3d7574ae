import { Alert, EmptyState, errorText, Spinner, trpc } from '@party/ui';
import { useMemo } from 'react';
import { EventCard } from '../components/event-card';
import { SetCard } from '../components/set-card';
import { useT } from '../i18n';
import { latestOf } from '../lib/latest';

/** How many of the newest galleries and sets the start page shows together. */
const LATEST = 6;

export function HomePage({ name }: { name: string }) {
  const t = useT();
  const events = trpc.events.list.useQuery();
  const sets = trpc.musicSets.list.useQuery();
  const latest = useMemo(
    () => latestOf(events.data ?? [], sets.data ?? [], LATEST),
    [events.data, sets.data],
  );
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t('home.welcome', { name })}</h1>
          <p className="muted">{t('home.intro')}</p>
        </div>
      </div>
      {events.isPending || sets.isPending ? (
        <Spinner label={t('home.loading')} />
      ) : events.error || sets.error ? (
        <Alert>{errorText(events.error ?? sets.error)}</Alert>
      ) : latest.length === 0 ? (
        <EmptyState title={t('home.emptyTitle')}>{t('home.emptyBody')}</EmptyState>
      ) : (
        <>
          <section aria-labelledby="latest-heading">
            <h2 id="latest-heading" className="section-title">
              {t('home.latest')}
            </h2>
            <ul className="home-latest">
              {latest.map((item) =>
                item.kind === 'event' ? (
                  <EventCard key={item.event.id} event={item.event} />
                ) : (
                  <SetCard key={item.set.id} set={item.set} />
                ),
              )}
            </ul>
          </section>
          {events.data.length > 0 && (
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
      )}
    </>
  );
}
