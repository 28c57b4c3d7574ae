import { Alert, EmptyState, errorCode, errorText, formatEventDate, Link, Spinner, trpc } from '@party/ui';
import { useMemo, useState } from 'react';
import { CoverArt } from '../components/cover-art';
import { FavouriteButton } from '../components/favourite-button';
import { PlayerPanel } from '../components/player-panel';
import { SetListeners } from '../components/set-listeners';
import { TrackDownloads } from '../components/track-downloads';
import { useLinkMoment } from '../hooks/use-link-moment';
import { useT } from '../i18n';
import { formatLength } from '../lib/time';
import { usePlayer, usePlayerState } from '../player/player-context';
import type { QueueSet, SetDetail } from '../player/player-controller';

export function SetPage({ id }: { id: string }) {
  const t = useT();
  const set = trpc.musicSets.byId.useQuery({ id });
  if (set.isPending) return <Spinner label={t('set.loading')} />;
  if (set.error) {
    // A hidden set answers NOT_FOUND just like a missing one: say the same for both.
    return errorCode(set.error) === 'NOT_FOUND' || errorCode(set.error) === 'BAD_REQUEST' ? (
      <EmptyState title={t('set.unavailableTitle')}>
        {t('set.unavailableBody')} <Link to="/music">{t('set.seeAllMusic')}</Link>
      </EmptyState>
    ) : (
      <Alert>{errorText(set.error)}</Alert>
    );
  }
  return <SetView set={set.data} />;
}

/**
 * A set's page: cover, player, parts and downloads. `guest` is a share link's guest: no way back
 * into the member app, and downloads only where the link allows them.
 */
export function SetView({ set, guest }: { set: SetDetail; guest?: { allowDownload: boolean } }) {
  const t = useT();
  const player = usePlayer();
  const queue = useMemo<QueueSet>(
    () => ({ id: set.id, title: set.title, artist: set.artist, coverUrl: set.coverUrl, tracks: set.tracks }),
    [set],
  );
  useLinkMoment(player, queue);
  const playerIndex = usePlayerState((s) => (s.set?.id === set.id ? s.index : -1));
  const playing = usePlayerState((s) => s.playing);
  const [selected, setSelected] = useState(0);
  const index = playerIndex >= 0 ? playerIndex : Math.min(selected, Math.max(0, set.tracks.length - 1));
  const total = set.tracks.reduce((sum, track) => sum + track.durationSeconds, 0);
  const multi = set.tracks.length > 1;
  // The gallery of the night it was recorded at, when the member sees one (members only).
  const events = trpc.events.list.useQuery(undefined, { enabled: !guest && set.eventId !== null });
  const gallery = set.eventId ? events.data?.find((event) => event.id === set.eventId) : undefined;

  const choose = (to: number) => {
    if (playerIndex >= 0) player.open(queue, to, { at: 0, play: playing });
    else setSelected(to);
  };

  return (
    <>
      <div className="set-hero">
        <CoverArt url={set.coverUrl} title={set.title} artist={set.artist} size="large" />
        <div className="set-hero__text">
          {!guest && (
            <Link to="/music" className="back-link">
              {t('set.allMusic')}
            </Link>
          )}
          <div className="set-hero__title">
            <h1>{set.title}</h1>
            {!guest && <FavouriteButton target={{ setId: set.id }} label={set.title} />}
          </div>
          <p className="set-hero__artist">{set.artist}</p>
          <p className="muted small">
            {set.recordedOn ? `${formatEventDate(set.recordedOn)} · ` : ''}
            {formatLength(total)}
            {multi ? ` · ${t('count.tracks', { count: set.tracks.length })}` : ''}
          </p>
          {gallery && (
            <p className="small">
              <Link to={`/events/${encodeURIComponent(gallery.slug)}`}>
                {t('set.photosOf', { event: gallery.title })}
              </Link>
            </p>
          )}
        </div>
      </div>
      {set.description && <p className="set-description">{set.description}</p>}

      {set.tracks.length === 0 ? (
        <EmptyState title={t('set.notReadyTitle')}>{t('set.notReadyBody')}</EmptyState>
      ) : (
        <>
          <PlayerPanel key={set.tracks[index]?.id} queue={queue} index={index} />

          {multi && (
            <section className="card parts" aria-labelledby="parts-heading">
              <h2 id="parts-heading" className="section-title">
                {t('set.parts')}
              </h2>
              <p className="muted small">{t('set.partsHint')}</p>
              <ol className="parts__list">
                {set.tracks.map((track, to) => (
                  <li key={track.id}>
                    <button
                      type="button"
                      className="part"
                      aria-current={to === index ? 'true' : undefined}
                      onClick={() => choose(to)}
                    >
                      <span className="part__number">{to + 1}</span>
                      <span className="part__title">
                        {track.title}
                        <span className="muted small"> · {track.artist}</span>
                      </span>
                      <span className="part__length muted small">{formatLength(track.durationSeconds)}</span>
                    </button>
                  </li>
                ))}
              </ol>
            </section>
          )}

          {(!guest || guest.allowDownload) && (
            <section className="card downloads-card" aria-labelledby="downloads-heading">
              <h2 id="downloads-heading" className="section-title">
                {t('set.download')}
              </h2>
              <p className="muted small">{t('set.downloadHint')}</p>
              {set.tracks.map((track, to) => (
                <TrackDownloads
                  key={track.id}
                  track={track}
                  label={multi ? `${to + 1}. ${track.title}` : undefined}
                />
              ))}
            </section>
          )}
        </>
      )}
      {!guest && set.youAreDj && <SetListeners setId={set.id} />}
    </>
  );
}
