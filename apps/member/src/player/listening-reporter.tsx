import type { AppRouter } from '@party/api';
import { createTRPCClient, httpLink } from '@trpc/client';
import { useEffect } from 'react';
import superjson from 'superjson';
import { type ListeningSample, ListeningTally, type ReportEntry } from './listening-tally';
import { usePlayer } from './player-context';

/** A batch waits for the next flush at most this long while playing. */
const FLUSH_EVERY_MS = 60_000;
/** Batches that could not be sent, kept for a later visit (the server takes them up to 7 days late). */
const OUTBOX_MAX = 50;

interface Batch {
  batchId: string;
  entries: ReportEntry[];
}

const outboxKey = (userId: string) => `party:listening-outbox:${userId}`;

function readOutbox(userId: string): Batch[] {
  try {
    const raw = window.localStorage.getItem(outboxKey(userId));
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    if (!Array.isArray(parsed)) return [];
    return parsed.map((b: Batch) => ({
      ...b,
      entries: b.entries.map((e) => ({ ...e, at: new Date(e.at) })),
    }));
  } catch {
    return [];
  }
}

function writeOutbox(userId: string, batches: Batch[]) {
  try {
    if (batches.length === 0) window.localStorage.removeItem(outboxKey(userId));
    else window.localStorage.setItem(outboxKey(userId), JSON.stringify(batches.slice(-OUTBOX_MAX)));
  } catch {
    // Storage full or off: the batches of this visit are lost, nothing else.
  }
}

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
    let outbox = readOutbox(userId);
    let sending = false;

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
    const flush = async () => {
      const entries = tally.take(Date.now());
      if (entries.length > 0) outbox.push({ batchId: crypto.randomUUID(), entries });
      writeOutbox(userId, outbox);
      if (sending) return;
      sending = true;
      try {
        while (outbox[0]) {
          await client.listening.report.mutate(outbox[0]);
          outbox = outbox.slice(1);
          writeOutbox(userId, outbox);
        }
      } catch {
        // Offline or the server away: the batch stays, with its id, for the next flush.
      } finally {
        sending = false;
      }
    };

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
