import { Alert, Spinner, trpc } from '@party/ui';
import type { ListeningRange } from '@party/ui/listening-stats';
import { useEffect, useState } from 'react';
import { useT } from '../i18n';

type StatsModule = typeof import('@party/ui/listening-stats');

/**
 * The drawing code of the statistics, fetched when the card is shown (only a set's DJ sees it, so
 * no other visit pays for it). Not React.lazy, like the pages (`WithPage`): a chunk that fails to
 * load (a tab left open across an update) says so in the card instead of taking the page down.
 */
function useStatsModule() {
  const [module, setModule] = useState<StatsModule | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let current = true;
    import('@party/ui/listening-stats').then(
      (loaded) => current && setModule(loaded),
      () => current && setFailed(true),
    );
    return () => {
      current = false;
    };
  }, []);
  return { module, failed };
}

/**
 * "Your listeners": the set's listening statistics for the member an admin linked as its DJ, the
 * same aggregates and drawing as the admins' Listening card (`ListeningStats`). The page shows it
 * only when `musicSets.byId` says `youAreDj`; the server checks again (`listening.setStats`).
 */
export function SetListeners({ setId }: { setId: string }) {
  const t = useT();
  const [days, setDays] = useState<ListeningRange>(30);
  const stats = trpc.listening.setStats.useQuery({ setId, days });
  const { module, failed } = useStatsModule();
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
