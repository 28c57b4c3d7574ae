import { useSearchParam } from '@party/ui';
import { useEffect, useRef } from 'react';
import { locateMoment, parseMoment } from '../lib/moment';
import type { PlayerController, QueueSet } from '../player/player-controller';

/**
 * `?t=1h02m03s` (or `?t=3723`) on a set's page: opens the set at that moment, once per page
 * visit, and starts playing where the browser allows it (otherwise the play button starts there).
 */
export function useLinkMoment(player: PlayerController, queue: QueueSet) {
  const t = useSearchParam('t');
  const done = useRef<string | null>(null);
  useEffect(() => {
    const seconds = parseMoment(t);
    if (seconds === null || queue.tracks.length === 0 || done.current === queue.id) return;
    done.current = queue.id;
    const { index, at } = locateMoment(
      queue.tracks.map((track) => track.durationSeconds),
      seconds,
    );
    player.open(queue, index, { at, play: true });
  }, [t, queue, player]);
}
