import { trpc } from '@party/ui';
import { useT } from '../i18n';
import { SetCard } from './set-card';

/** Where a gallery's ZIPs are served (README, Downloads); plain links, so the browser shows progress. */
export const zipUrl = (eventId: string, file: 'photos' | 'favourites') =>
  `/downloads/events/${encodeURIComponent(eventId)}/${file}.zip`;

/**
 * Under a gallery's title: the whole gallery as one ZIP of full-size JPEGs, the member's favourite
 * photos of this night as a ZIP of previews (when there are any), and the sets recorded that night.
 */
export function GalleryExtras({ eventId, photoCount }: { eventId: string; photoCount?: number }) {
  const t = useT();
  const sets = trpc.musicSets.list.useQuery(undefined, {
    select: (all) => all.filter((set) => set.eventId === eventId),
  });
  const favourites = trpc.favourites.list.useQuery(undefined, {
    staleTime: 60_000,
    select: (list) => list.photos.filter((photo) => photo.eventId === eventId).length,
  });
  return (
    <>
      {photoCount !== 0 && (
        <div className="gallery-downloads">
          <a className="button button--small" href={zipUrl(eventId, 'photos')} download>
            {t('gallery.downloadAll')}
          </a>
          {(favourites.data ?? 0) > 0 && (
            <a className="button button--small" href={zipUrl(eventId, 'favourites')} download>
              {t('gallery.downloadFavourites', { count: favourites.data ?? 0 })}
            </a>
          )}
          <span className="muted small">{t('gallery.zipHint')}</span>
        </div>
      )}
      {sets.data && sets.data.length > 0 && (
        <section aria-labelledby="night-sets-heading" className="night-sets">
          <h2 id="night-sets-heading" className="section-title">
            {t('gallery.sets')}
          </h2>
          <ul className="set-cards">
            {sets.data.map((set) => (
              <SetCard key={set.id} set={set} />
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
