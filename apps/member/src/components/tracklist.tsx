import { useEffect, useRef } from 'react';
import { useT } from '../i18n';
import { type Cue, cueLabel } from '../lib/cues';
import { formatClock } from '../lib/time';
import { useShareAccess } from '../share/share-access';
import { FavouriteHeart, useFavourites } from './favourite-button';

/**
 * The tracklist of one recording: each entry seeks there; the entry playing now is marked (and
 * kept in view inside the list, without scrolling the page under the member).
 */
export function Tracklist({
  cues,
  activeIndex,
  onSelect,
  trackId,
}: {
  cues: readonly Cue[];
  activeIndex: number;
  onSelect: (seconds: number) => void;
  /** The recording these entries belong to: each gets a heart ("that track at 1:02:03"); not for guests. */
  trackId?: string;
}) {
  const t = useT();
  const guest = useShareAccess() !== null;
  const hearts = trackId !== undefined && !guest;
  const favourites = useFavourites(hearts);
  const listRef = useRef<HTMLOListElement>(null);
  useEffect(() => {
    const list = listRef.current;
    if (!list || activeIndex < 0 || list.scrollHeight <= list.clientHeight) return;
    const item = list.children[activeIndex];
    if (!(item instanceof HTMLElement)) return;
    const top = item.offsetTop - list.offsetTop;
    if (top < list.scrollTop || top + item.offsetHeight > list.scrollTop + list.clientHeight) {
      list.scrollTo({ top: Math.max(0, top - list.clientHeight / 3), behavior: 'smooth' });
    }
  }, [activeIndex]);

  if (cues.length === 0) {
    return <p className="muted small">{t('player.noTracklist')}</p>;
  }
  return (
    <ol ref={listRef} className="cue-list">
      {cues.map((cue, index) => (
        <li key={`${cue.startSeconds}-${index}`} className="cue-item">
          <button
            type="button"
            className="cue"
            aria-current={index === activeIndex ? 'true' : undefined}
            onClick={() => onSelect(cue.startSeconds)}
          >
            <span className="cue__number" aria-hidden="true">
              {index + 1}
            </span>
            <span className="cue__time">{formatClock(cue.startSeconds)}</span>
            <span className="cue__label">{cueLabel(cue)}</span>
            {index === activeIndex && <span className="visually-hidden">{t('player.playingNow')}</span>}
          </button>
          {hearts && (
            <FavouriteHeart
              favourites={favourites}
              target={{
                trackId,
                positionSeconds: Math.floor(cue.startSeconds),
                label: cueLabel(cue).slice(0, 300),
              }}
              label={`${formatClock(cue.startSeconds)} ${cueLabel(cue)}`}
            />
          )}
        </li>
      ))}
    </ol>
  );
}
