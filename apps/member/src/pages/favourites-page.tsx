import { Alert, EmptyState, errorText, Link, Photo, type RouterOutputs, Spinner, trpc } from '@party/ui';
import { CoverArt } from '../components/cover-art';
import { FavouriteButton } from '../components/favourite-button';
import { zipUrl } from '../components/gallery-extras';
import { useT } from '../i18n';
import { formatClock } from '../lib/time';

type Favourites = RouterOutputs['favourites']['list'];
type FavouritePhoto = Favourites['photos'][number];

/** Favourite photos by event, in the order of the newest favourite of each. */
function byEvent(photos: FavouritePhoto[]) {
  const groups = new Map<string, { event: NonNullable<FavouritePhoto['event']>; photos: FavouritePhoto[] }>();
  for (const photo of photos) {
    if (!photo.event) continue;
    const group = groups.get(photo.event.id) ?? { event: photo.event, photos: [] };
    group.photos.push(photo);
    groups.set(photo.event.id, group);
  }
  return [...groups.values()];
}

/**
 * The member's favourites: photos by event (each event's as one ZIP of previews), sets, and
 * moments of tracks. Only what they can still see; a heart on each takes it off the list.
 */
export function FavouritesPage() {
  const t = useT();
  const list = trpc.favourites.list.useQuery(undefined, { staleTime: 60_000 });
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t('favourites.title')}</h1>
          <p className="muted">{t('favourites.intro')}</p>
        </div>
      </div>
      {list.isPending ? (
        <Spinner label={t('favourites.loading')} />
      ) : list.error ? (
        <Alert>{errorText(list.error)}</Alert>
      ) : list.data.photos.length + list.data.sets.length + list.data.moments.length === 0 ? (
        <EmptyState title={t('favourites.emptyTitle')}>{t('favourites.emptyBody')}</EmptyState>
      ) : (
        <>
          {byEvent(list.data.photos).map(({ event, photos }) => (
            <section key={event.id} className="favourites-section" aria-labelledby={`fav-event-${event.id}`}>
              <div className="favourites-section__head">
                <h2 id={`fav-event-${event.id}`} className="section-title">
                  <Link to={`/events/${encodeURIComponent(event.slug)}`}>{event.title}</Link>
                </h2>
                <a className="button button--small" href={zipUrl(event.id, 'favourites')} download>
                  {t('favourites.zip', { count: photos.length })}
                </a>
              </div>
              <ul className="favourite-photos">
                {photos.map((photo) => (
                  <li key={photo.id} className="favourite-photo">
                    <Link
                      to={`/events/${encodeURIComponent(event.slug)}?photo=${photo.id}`}
                      aria-label={t('favourites.openPhoto', { event: event.title })}
                    >
                      <Photo
                        src={photo.thumbUrl}
                        alt=""
                        width={photo.width}
                        height={photo.height}
                        thumbhash={photo.thumbhash}
                      />
                    </Link>
                    <FavouriteButton target={{ imageId: photo.id }} label={t('favourites.thisPhoto')} />
                  </li>
                ))}
              </ul>
            </section>
          ))}
          {list.data.sets.length > 0 && (
            <section className="favourites-section" aria-labelledby="fav-sets">
              <h2 id="fav-sets" className="section-title">
                {t('favourites.sets')}
              </h2>
              <ul className="favourite-rows">
                {list.data.sets.map((set) => (
                  <li key={set.id} className="favourite-row">
                    <Link to={`/music/${set.id}`} className="favourite-row__link">
                      <CoverArt url={set.coverUrl} title={set.title} artist={set.artist} />
                      <span>
                        <span className="favourite-row__title">{set.title}</span>
                        <span className="muted small"> · {set.artist}</span>
                      </span>
                    </Link>
                    <FavouriteButton target={{ setId: set.id }} label={set.title} />
                  </li>
                ))}
              </ul>
            </section>
          )}
          {list.data.moments.length > 0 && (
            <section className="favourites-section" aria-labelledby="fav-moments">
              <h2 id="fav-moments" className="section-title">
                {t('favourites.moments')}
              </h2>
              <ul className="favourite-rows">
                {list.data.moments.map((moment) => {
                  const at = formatClock(moment.positionSeconds);
                  return (
                    <li key={moment.id} className="favourite-row">
                      <Link
                        to={`/music/${moment.setId}?t=${Math.floor(moment.positionSeconds)}`}
                        className="favourite-row__link"
                      >
                        <span className="cue__time">{at}</span>
                        <span>
                          <span className="favourite-row__title">
                            {moment.label || moment.trackTitle || moment.setTitle}
                          </span>
                          <span className="muted small">
                            {' '}
                            · {t('favourites.inSet', { set: moment.setTitle })}
                          </span>
                        </span>
                      </Link>
                      <FavouriteButton
                        target={{ trackId: moment.trackId, positionSeconds: moment.positionSeconds }}
                        label={`${at} ${moment.label ?? ''}`.trim()}
                      />
                    </li>
                  );
                })}
              </ul>
            </section>
          )}
        </>
      )}
    </>
  );
}
