import { Alert, Spinner, trpc } from '@party/ui';
import type { ListeningRange } from '@party/ui/listening-stats';
import { useState } from 'react';
import { useChunk } from '../hooks/use-chunk';
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
  // The drawing code comes when the card is shown: only a set's DJ sees it, no other visit pays for it.
  const { module, failed } = useChunk('listening-stats', () => import('@party/ui/listening-stats'));
  return (
    <section className="card set-listeners" aria-labelledby="listeners-heading">
      <h2 id="listeners-heading" className="section-title">
        {t('set.yourListeners')}
      </h2>
      <p className="muted small">{t('set.yourListenersIntro')}</p>
      {module ? (
        <module.ListeningStats query={stats} days={days} onDaysChange={setDays} />
      ) : failed ? (
        <Alert>{t('set.yourListenersFailed')}</Alert>
      ) : (
        <Spinner />
      )}
    </section>
  );
}
