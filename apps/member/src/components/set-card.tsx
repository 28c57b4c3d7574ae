import { formatEventDate, Link, type RouterOutputs } from '@party/ui';
import { useT } from '../i18n';
import { formatLength } from '../lib/time';
import { usePlayerState } from '../player/player-context';
import { CoverArt } from './cover-art';

type ListedSet = RouterOutputs['musicSets']['list'][number];

export function SetCard({ set }: { set: ListedSet }) {
  const t = useT();
  const playing = usePlayerState((state) => state.set?.id === set.id && state.playing);
  return (
    <li className="set-card">
      <Link to={`/music/${set.id}`} className="set-card__link">
        <CoverArt url={set.coverUrl} title={set.title} artist={set.artist} />
        <span className="set-card__body">
          <span className="set-card__title">{set.title}</span>
          <span className="set-card__artist">{set.artist}</span>
          <span className="muted small">
            {formatLength(set.durationSeconds)}
            {set.trackCount > 1 ? ` · ${t('count.tracks', { count: set.trackCount })}` : ''}
            {set.recordedOn ? ` · ${formatEventDate(set.recordedOn)}` : ''}
          </span>
          {playing && <span className="badge badge--playing">{t('music.nowPlaying')}</span>}
        </span>
      </Link>
    </li>
  );
}
