import { Alert, trpc } from '@party/ui';
import { useT } from '../../i18n';

/**
 * Before the photos of an event go out: how many attendees asked never to be published and how
 * many want to be asked first (their own setting, README Privacy: photo consent). Nothing when
 * every attendee is fine with photos.
 */
export function ConsentWarning({ eventId }: { eventId: string }) {
  const t = useT();
  const summary = trpc.admin.events.consentSummary.useQuery({ id: eventId });
  if (!summary.data) return null;
  const { never, askFirst } = summary.data;
  if (never === 0 && askFirst === 0) return null;
  const parts = [
    never > 0 ? t('consent.never', { count: never }) : null,
    askFirst > 0 ? t('consent.askFirst', { count: askFirst }) : null,
  ].filter(Boolean);
  return (
    <Alert tone="info">
      <strong>{parts.join(' ')}</strong> {t('consent.check')}
    </Alert>
  );
}

/** One attendee's photo consent as a badge. */
export function ConsentBadge({ consent }: { consent: 'fine' | 'ask-first' | 'never' }) {
  const t = useT();
  return <span className={`badge badge--consent-${consent}`}>{t(`consent.value.${consent}`)}</span>;
}
