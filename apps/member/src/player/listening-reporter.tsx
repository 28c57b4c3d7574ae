import type { AppRouter } from '@party/api';
import { createTRPCClient, httpLink } from '@trpc/client';
import { useEffect } from 'react';
import superjson from 'superjson';
import { ListeningOutbox } from './listening-outbox';
import { type ListeningSample, ListeningTally } from './listening-tally';
import { usePlayer } from './player-context';

/** A batch waits for the next flush at most this long while playing. */
const FLUSH_EVERY_MS = 60_000;

/** Unbatched and `keepalive`, so a batch sent while the page unloads still arrives. */
function createReportClient() {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: '/trpc',
        transformer: superjson,
        fetch: (url, init) => fetch(url, { ...init, credentials: 'same-origin', keepalive: true }),
      }),
    ],
  });
}

/**
 * Reports what the member's player heard (`listening.report`) for the admins' statistics: every
 * minute while playing, on pause, and when the page is hidden or closed. A batch keeps its id until
 * the server took it, so a retry never counts twice; unsent batches wait in localStorage for the
 * next visit. Renders nothing; mounted once beside the player of a signed-in member (never for
 * share-link guests).
 */
export function ListeningReporter({ userId }: { userId: string }) {
  const player = usePlayer();
  useEffect(() => {
    const tally = new ListeningTally();
    const client = createReportClient();
    const outbox = new ListeningOutbox(`party:listening-outbox:${userId}`);

    const sample = (): ListeningSample => {
      const state = player.getState();
      return {
        trackId: state.set?.tracks[state.index]?.id ?? null,
        duration: state.duration,
        currentTime: state.currentTime,
        playing: state.playing && !state.buffering && state.status === 'ready',
        now: Date.now(),
      };
    };
    const flush = () =>
      outbox.flush(tally.take(Date.now()), (batch) => client.listening.report.mutate(batch));

    let wasPlaying = false;
    const unsubscribe = player.subscribe(() => {
      const now = sample();
      tally.observe(now);
      if (wasPlaying && !now.playing) void flush();
      wasPlaying = now.playing;
    });
    const timer = setInterval(() => void flush(), FLUSH_EVERY_MS);
    const onHide = () => {
      if (document.visibilityState === 'hidden') void flush();
    };
    const onPageHide = () => void flush();
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('pagehide', onPageHide);
    void flush();
    return () => {
      unsubscribe();
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', onPageHide);
      void flush();
    };
  }, [player, userId]);
  return null;
}
