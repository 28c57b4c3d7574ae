import type { AppRouter } from '@party/api';
import { type Clients, trpc } from '@party/ui';
import { createTRPCQueryUtils, getQueryKey } from '@trpc/react-query';
import { prefetchTrackPeaks } from './hooks/use-track-peaks';
import { loadPage } from './pages/lazy-pages';
import { memberRoute } from './routes';

/** How long the first page's prefetched answer counts as fresh: its page does not ask again on mount. */
const PREFETCHED_FRESH_MS = 10_000;

/**
 * Starts the opened page's code and requests before React's first render: its chunk, its data in
 * one batch with the session check, and a set's waveform peaks as soon as the set answers (while
 * React still renders the page). Part of what brought a 4-hour set's page from 1,263 to 963 ms
 * to its waveform (issue 12, `bench/listening/set-page.bench.ts`). Signed out, the prefetch fails
 * quietly and the page asks again after the sign-in.
 */
export function prefetchFirstPage({ queryClient, trpcClient }: Clients, path: string): void {
  const at = memberRoute(path);
  if (at.page !== 'not-found') loadPage(at.page).catch(() => undefined);
  // A guest's share link asks for no session; sign-up shows no page data.
  if (at.page === 'signup' || at.page === 'share') return;
  const utils = createTRPCQueryUtils<AppRouter>({ queryClient, client: trpcClient });
  void utils.account.me.prefetch();
  if (at.page === 'set') {
    const input = { id: at.params.id };
    queryClient.setQueryDefaults(getQueryKey(trpc.musicSets.byId, input, 'query'), {
      staleTime: PREFETCHED_FRESH_MS,
    });
    utils.musicSets.byId.fetch(input).then(
      (set) => {
        const first = set.tracks[0];
        if (first?.peaksUrl) prefetchTrackPeaks(queryClient, first.id, first.peaksUrl);
      },
      () => undefined,
    );
  } else if (at.page === 'gallery') {
    const input = { slug: at.params.slug };
    queryClient.setQueryDefaults(getQueryKey(trpc.events.bySlug, input, 'query'), {
      staleTime: PREFETCHED_FRESH_MS,
    });
    void utils.events.bySlug.prefetch(input);
  }
}
