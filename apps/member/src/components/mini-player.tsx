import { Link } from '@party/ui';
import { useT } from '../i18n';
import { cueLabel } from '../lib/cues';
import { formatClock } from '../lib/time';
import { usePlayer, usePlayerState } from '../player/player-context';
import { memberRoute } from '../routes';
import { CoverArt } from './cover-art';

/**
 * The player bar at the bottom of every page but the playing set's own: the music goes on while
 * the member browses, and this is where to pause it or go back to the set.
 */
export function MiniPlayer({ path }: { path: string }) {
  const t = useT();
  const player = usePlayer();
  const set = usePlayerState((s) => s.set);
  const index = usePlayerState((s) => s.index);
  const playing = usePlayerState((s) => s.playing);
  const currentTime = usePlayerState((s) => s.currentTime);
  const duration = usePlayerState((s) => s.duration);
  const cueIndex = usePlayerState((s) => s.cueIndex);
  const error = usePlayerState((s) => s.error);

  const track = set?.tracks[index];
  const at = memberRoute(path);
  if (!set || !track || (at.page === 'set' && at.params.id === set.id)) return null;
  const cue = track.cues[cueIndex];
  const progress = duration > 0 ? Math.min(1, currentTime / duration) : 0;
  return (
    <>
      <div className="mini-player-spacer" aria-hidden="true" />
      <section className="mini-player" aria-label={t('miniPlayer.label')}>
        <div className="mini-player__progress" aria-hidden="true">
          <span className="mini-player__bar" style={{ transform: `scaleX(${progress})` }} />
        </div>
        <Link to={`/music/${set.id}`} className="mini-player__info">
          <CoverArt url={set.coverUrl} title={set.title} artist={set.artist} size="small" />
          <span className="mini-player__text">
            <span className="mini-player__title">{cue ? cueLabel(cue) : track.title}</span>
            <span className="mini-player__sub">{error ? error : `${track.artist} · ${set.title}`}</span>
          </span>
        </Link>
        <span className="mini-player__time">
          {formatClock(currentTime)} / {formatClock(duration)}
        </span>
        <button
          type="button"
          className="mini-player__play"
          onClick={() => player.toggle()}
          aria-label={playing ? t('player.pause') : t('player.play')}
        >
          <span aria-hidden="true">{playing ? '❚❚' : '▶'}</span>
        </button>
        <button
          type="button"
          className="mini-player__close"
          onClick={() => player.stop()}
          aria-label={t('miniPlayer.stop')}
        >
          <span aria-hidden="true">✕</span>
        </button>
      </section>
    </>
  );
}
