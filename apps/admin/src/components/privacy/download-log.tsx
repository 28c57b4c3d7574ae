import { Alert, EmptyState, errorText, formatLocale, Spinner, trpc } from '@party/ui';
import { useState } from 'react';
import { useT } from '../../i18n';

/** Who got an original or lossless download of one photo or one track, and when (README, Privacy). */
function DownloadLogList({ of }: { of: { imageId: string } | { trackId: string } }) {
  const t = useT();
  const log = trpc.admin.downloads.list.useQuery(of);
  if (log.isPending) return <Spinner label={t('downloads.loading')} />;
  if (log.error) return <Alert>{errorText(log.error)}</Alert>;
  if (log.data.length === 0) return <EmptyState title={t('downloads.emptyTitle')} />;
  const dateTime = new Intl.DateTimeFormat(formatLocale(), { dateStyle: 'medium', timeStyle: 'short' });
  return (
    <ul className="download-log">
      {log.data.map((entry) => (
        <li key={entry.id}>
          <span className="tabular">{dateTime.format(entry.createdAt)}</span> · {entry.user.name}{' '}
          <span className="muted">({entry.user.email})</span> · {t(`downloads.kind.${entry.kind}`)}
        </li>
      ))}
    </ul>
  );
}

/** A fold-out "Download log" that asks the server only once it is opened. */
export function DownloadLog({ of }: { of: { imageId: string } | { trackId: string } }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  return (
    <details className="download-log__details" onToggle={(event) => setOpen(event.currentTarget.open)}>
      <summary>{t('downloads.title')}</summary>
      {open && <DownloadLogList of={of} />}
    </details>
  );
}
