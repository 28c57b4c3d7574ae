import { trpc } from '@party/ui';
import { type ListeningRange, ListeningStats } from '@party/ui/listening-stats';
import { useState } from 'react';
import { useT } from '../../i18n';
import { Card } from '../shared/page';

/**
 * How a set is listened to (the shared `ListeningStats`: table, chart, heatmap along each track's
 * waveform), on the set's admin page. The set's DJ sees the same on the set's member page.
 */
export function ListeningStatsPanel({ setId }: { setId: string }) {
  const t = useT();
  const [days, setDays] = useState<ListeningRange>(30);
  const stats = trpc.admin.listening.setStats.useQuery({ setId, days });
  return (
    <Card headingId="listening-stats" title={t('listening.title')}>
      <p className="muted">{t('listening.intro')}</p>
      <ListeningStats query={stats} days={days} onDaysChange={setDays} />
    </Card>
  );
}
