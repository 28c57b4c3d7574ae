import type { MaxZipSelection } from '@party/api';
import { useT } from '../i18n';

/** Most photos one selection ZIP may name; the type ties it to the server's `MAX_ZIP_SELECTION`. */
export const MAX_SELECTION: MaxZipSelection = 500;

/** Where a selection is posted (README, Downloads). */
const selectionUrl = (eventId: string) => `/downloads/events/${encodeURIComponent(eventId)}/selection.zip`;

/**
 * The bar of the gallery's selection mode: how many are chosen, and "Download selection (ZIP)".
 * The download is a plain form post, so the browser's own download manager shows its progress,
 * like the gallery ZIP's link, and the page stays where it is.
 */
export function SelectionBar({
  eventId,
  selected,
  total,
  onSelectAll,
  onClear,
  onDone,
}: {
  eventId: string;
  selected: ReadonlySet<string>;
  total: number;
  onSelectAll: () => void;
  onClear: () => void;
  onDone: () => void;
}) {
  const t = useT();
  const count = selected.size;
  const tooMany = count > MAX_SELECTION;
  return (
    <form
      className="selection-bar"
      method="post"
      action={selectionUrl(eventId)}
      aria-label={t('gallery.select.label')}
    >
      {[...selected].map((id) => (
        <input key={id} type="hidden" name="ids" value={id} />
      ))}
      <span className="selection-bar__count" aria-live="polite">
        {t('gallery.select.count', { count, total })}
      </span>
      <button
        type="submit"
        className="button button--small button--primary"
        disabled={count === 0 || tooMany}
      >
        {t('gallery.select.download')}
      </button>
      {count < total ? (
        <button type="button" className="button button--small" onClick={onSelectAll}>
          {t('gallery.select.all')}
        </button>
      ) : (
        <button type="button" className="button button--small" onClick={onClear}>
          {t('gallery.select.none')}
        </button>
      )}
      <button type="button" className="button button--small button--ghost" onClick={onDone}>
        {t('gallery.select.done')}
      </button>
      <span className="muted small selection-bar__hint">
        {tooMany ? t('gallery.select.tooMany', { max: MAX_SELECTION }) : t('gallery.zipHint')}
      </span>
    </form>
  );
}
