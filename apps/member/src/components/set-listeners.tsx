import { Spinner, trpc } from '@party/ui';
import type { ListeningRange } from '@party/ui/listening-stats';
import { lazy, Suspense, useState } from 'react';
import { useT } from '../i18n';

// Only a set's DJ sees this card: its drawing code is fetched when it is shown, not by every visit.
const ListeningStats = lazy(() =>
  import('@party/ui/listening-stats').then((m) => ({ default: m.ListeningStats })),
);

/**
 * "Your listeners": the set's listening statistics for the member an admin linked as its DJ, the
 * same aggregates and drawing as the admins' Listening card (`ListeningStats`). The page shows it
 * only when `musicSets.byId` says `youAreDj`; the server checks again (`listening.setStats`).
 */
export function SetListeners({ setId }: { setId: string }) {
  const t = useT();
  const [days, setDays] = useState<ListeningRange>(30);
  const stats = trpc.listening.setStats.useQuery({ setId, days });
  return (
    <section className="card set-listeners" aria-labelledby="listeners-heading">
      <h2 id="listeners-heading" className="section-title">
        {t('set.yourListeners')}
      </h2>
      <p className="muted small">{t('set.yourListenersIntro')}</p>
      <Suspense fallback={<Spinner />}>
        <ListeningStats query={stats} days={days} onDaysChange={setDays} />
      </Suspense>
    </section>
  );
}
