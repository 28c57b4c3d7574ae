import { Alert, EmptyState, errorText, trpc } from '@party/ui';
import { useLayoutEffect, useRef, useState } from 'react';
import { useT } from '../../i18n';
import { formatDuration, moveItem } from '../../lib/music-format';
import { TrackItem } from './track-item';
import type { AdminMusicSet } from './types';

/**
 * The tracks of a set in play order. Moving a track reorders at once (optimistically) and sends the
 * whole order (on failure the server's order comes back with the error); keyboard focus stays on the moved track's button and the new place is announced.
 */
export function TrackList({ set }: { set: AdminMusicSet }) {
  const t = useT();
  const utils = trpc.useUtils();
  const listRef = useRef<HTMLOListElement>(null);
  const [announcement, setAnnouncement] = useState('');
  const [focusAfterMove, setFocusAfterMove] = useState<{
    trackId: string;
    direction: -1 | 1;
    index: number;
  } | null>(null);

  // Moves made and not yet saved: the server's order is fetched again only after the last of them,
  // so a quick second move never flickers back to the order before the first.
  const unsaved = useRef(0);
  const reorder = trpc.admin.tracks.reorder.useMutation({
    onError: () => {
      setAnnouncement('');
      setFocusAfterMove(null);
    },
    onSettled: () => {
      unsaved.current -= 1;
      if (unsaved.current === 0) void utils.admin.musicSets.byId.invalidate({ id: set.id });
    },
  });

  const { mutate } = reorder;
  const ids = set.tracks.map((track) => track.id);
  const onMove = (trackId: string, direction: -1 | 1) => {
    // The cached order rather than this render's: it already holds a move made a moment ago.
    const current = utils.admin.musicSets.byId.getData({ id: set.id });
    if (!current) return;
    const order = current.tracks.map((track) => track.id);
    const index = order.indexOf(trackId);
    const next = moveItem(order, index, direction);
    if (!next) return;
    const byId = new Map(current.tracks.map((track) => [track.id, track]));
    const tracks = next.flatMap((id, position) => {
      const track = byId.get(id);
      return track ? [{ ...track, position: position + 1 }] : [];
    });
    // At once, in the same render as the focus request; a poll in flight would bring the old order back.
    void utils.admin.musicSets.byId.cancel({ id: set.id });
    utils.admin.musicSets.byId.setData({ id: set.id }, { ...current, tracks });
    const track = byId.get(trackId);
    setAnnouncement(
      t('tracks.moved', {
        name: track?.title || track?.originalName || '',
        position: index + 1 + direction,
        total: order.length,
      }),
    );
    setFocusAfterMove({ trackId, direction, index: index + direction });
    unsaved.current += 1;
    mutate({ setId: set.id, trackIds: next });
  };

  // The moved track's button keeps the focus, so pressing Enter again moves it further; at the end
  // of the list, where that button is disabled, the opposite one takes it. This waits for the
  // render with the new order: moving the element in the DOM is what loses the focus.
  const movedIndex = focusAfterMove ? ids.indexOf(focusAfterMove.trackId) : -1;
  useLayoutEffect(() => {
    if (!focusAfterMove || movedIndex !== focusAfterMove.index) return;
    const item = listRef.current?.querySelector(`[data-track-id="${focusAfterMove.trackId}"]`);
    const button = (move: 'up' | 'down') => item?.querySelector<HTMLButtonElement>(`[data-move="${move}"]`);
    const same = button(focusAfterMove.direction < 0 ? 'up' : 'down');
    (same && !same.disabled ? same : button(focusAfterMove.direction < 0 ? 'down' : 'up'))?.focus();
    setFocusAfterMove(null);
  }, [focusAfterMove, movedIndex]);

  const ready = set.tracks.filter((track) => track.status === 'ready');
  const total = ready.reduce((sum, track) => sum + (track.durationSeconds ?? 0), 0);

  return (
    <section className="card" aria-labelledby="tracks">
      <h2 id="tracks">{t('tracks.title')}</h2>
      {set.tracks.length === 0 ? (
        <EmptyState title={t('tracks.emptyTitle')}>{t('tracks.emptyText')}</EmptyState>
      ) : (
        <>
          <p className="muted small">
            {t('tracks.summary', {
              tracks: t('count.tracks', { count: set.tracks.length }),
              ready: total > 0 ? t('tracks.readyToStream', { duration: formatDuration(total) }) : '',
            })}
          </p>
          {reorder.error && <Alert>{t('tracks.reorderFailed', { error: errorText(reorder.error) })}</Alert>}
          <ol className="tracks" ref={listRef} aria-label={t('tracks.listLabel', { title: set.title })}>
            {set.tracks.map((track, index) => (
              <TrackItem
                key={track.id}
                setId={set.id}
                setArtist={set.artist}
                track={track}
                index={index}
                count={set.tracks.length}
                tracklistOpen={set.tracks.length === 1}
                onMove={onMove}
              />
            ))}
          </ol>
        </>
      )}
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </section>
  );
}
