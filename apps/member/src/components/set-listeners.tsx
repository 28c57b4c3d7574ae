import { type ListeningRange, ListeningStats, trpc } from '@party/ui';
import { useState } from 'react';
import { useT } from '../i18n';

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
      <ListeningStats query={stats} days={days} onDaysChange={setDays} />
    </section>
  );
}
