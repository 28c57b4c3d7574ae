import '../styles/photo-order.css';
import { Alert, errorText, trpc } from '@party/ui';
import { useT } from '../i18n';

const SORTS = [
  ['takenAt', 'photos.order.byTakenAt'],
  ['fileName', 'photos.order.byFileName'],
  ['uploadOrder', 'photos.order.byUploadOrder'],
] as const;

/**
 * How the gallery is ordered: one-click sorts, and the switch that shows Move earlier / later
 * buttons (and dragging) on every tile. Members and ZIP downloads see the same order.
 */
export function PhotoOrderBar({
  eventId,
  arranging,
  onArranging,
  status,
  error,
  onChanged,
}: {
  eventId: string;
  arranging: boolean;
  onArranging: (on: boolean) => void;
  /** What the last move did, read out to screen readers. */
  status: string | null;
  error: unknown;
  onChanged: () => void;
}) {
  const t = useT();
  const sort = trpc.admin.images.sort.useMutation({ onSuccess: onChanged });
  const failure = sort.error ?? error;
  return (
    <section className="order-bar" aria-label={t('photos.order.label')}>
      <span className="muted small">{t('photos.order.title')}</span>
      {SORTS.map(([by, label]) => (
        <button
          key={by}
          type="button"
          className="button button--small"
          disabled={sort.isPending}
          onClick={() => sort.mutate({ eventId, by })}
        >
          {t(label)}
        </button>
      ))}
      <button
        type="button"
        className={`button button--small${arranging ? ' button--primary' : ''}`}
        aria-pressed={arranging}
        onClick={() => onArranging(!arranging)}
      >
        {t('photos.order.arrange')}
      </button>
      <p className="muted small order-bar__hint">{t('photos.order.hint')}</p>
      <div aria-live="polite" className="order-bar__status">
        {failure ? <Alert>{errorText(failure)}</Alert> : status && <span className="small">{status}</span>}
      </div>
    </section>
  );
}
