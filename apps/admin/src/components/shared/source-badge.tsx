import type { RouterOutputs } from '@party/ui';
import { useT } from '../../i18n';

/**
 * Where a record came from: the ticketing backend (kept in step by webhooks and syncs) or an admin
 * of this service. Events, attendees and any later synced record show the same badge.
 */
type RecordSource = RouterOutputs['admin']['events']['attendees']['list'][number]['source'];

export function SourceBadge({ source }: { source: RecordSource }) {
  const t = useT();
  return source === 'ticketing' ? (
    <span className="badge badge--ticketing">{t('integration.fromTicketing')}</span>
  ) : (
    <span className="badge">{t('integration.addedHere')}</span>
  );
}
