import { type PeakLevel, parsePeakLevel, parsePeaksFile, type TrackPeaks } from '@party/media/peaks-format';
import { trackPeaksKey } from '@party/ui';
import { type QueryClient, useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';

type PeaksUrls = { peaksUrl: string | null; detailPeaksUrl: string | null };

class HttpError extends Error {
  constructor(
    readonly status: number,
    what: string,
  ) {
    super(`The ${what} could not be loaded (${status}).`);
  }
}

async function fetchJson(url: string, signal: AbortSignal, what: string): Promise<unknown> {
  const response = await fetch(url, { signal });
  if (!response.ok) throw new HttpError(response.status, what);
  return response.json();
}

const cached = { staleTime: Number.POSITIVE_INFINITY, gcTime: 30 * 60 * 1000, retry: 1 } as const;

/**
 * Fetches a track's overview peaks into the cache `useTrackPeaks` reads, before its page has
 * rendered (the first page's prefetch). A failure is left to the hook, which tries again on mount.
 */
export function prefetchTrackPeaks(queryClient: QueryClient, trackId: string, peaksUrl: string): void {
  void queryClient.prefetchQuery<TrackPeaks>({
    ...cached,
    queryKey: trackPeaksKey(trackId),
    queryFn: async ({ signal }) => parsePeaksFile(await fetchJson(peaksUrl, signal, 'waveform')),
  });
}

/**
 * The stored waveform peaks of a track, straight from S3 on their short-lived URLs: the overview
 * (~25 KB whatever the length) at once, the detail level (up to ~2 MB for 4 hours) only once
 * `wantDetail` says the member zoomed in. Until it arrives the zoomed waveform shows the overview.
 * A zoom after the URLs expired (403) asks `refreshUrls` for fresh ones and tries once more.
 */
export function useTrackPeaks(
  trackId: string,
  urls: PeaksUrls | undefined,
  wantDetail: boolean,
  refreshUrls: () => Promise<PeaksUrls | undefined>,
) {
  /** Fetches `url`; on a 403 (expired) once more with a fresh URL. */
  const fetchFresh = async (
    url: string | null,
    pick: (fresh: PeaksUrls) => string | null,
    signal: AbortSignal,
    what: string,
  ) => {
    if (!url) throw new Error(`This track has no ${what}.`);
    try {
      return await fetchJson(url, signal, what);
    } catch (error) {
      const fresh = error instanceof HttpError && error.status === 403 ? await refreshUrls() : undefined;
      const freshUrl = fresh ? pick(fresh) : null;
      if (!freshUrl) throw error;
      return fetchJson(freshUrl, signal, what);
    }
  };
  const peaksUrl = urls?.peaksUrl ?? null;
  const detailUrl = urls?.detailPeaksUrl ?? null;
  const overview = useQuery<TrackPeaks>({
    ...cached,
    queryKey: trackPeaksKey(trackId),
    enabled: peaksUrl !== null,
    queryFn: async ({ signal }) =>
      parsePeaksFile(await fetchFresh(peaksUrl, (fresh) => fresh.peaksUrl, signal, 'waveform')),
  });
  const needsDetail = wantDetail && overview.data !== undefined && overview.data.detail === null;
  const detail = useQuery<PeakLevel>({
    ...cached,
    queryKey: ['track-peaks-detail', trackId],
    enabled: needsDetail && detailUrl !== null,
    queryFn: async ({ signal }) =>
      parsePeakLevel(
        await fetchFresh(detailUrl, (fresh) => fresh.detailPeaksUrl, signal, 'detailed waveform'),
      ),
  });
  const data = useMemo(
    () =>
      overview.data && detail.data && overview.data.detail === null
        ? { ...overview.data, detail: detail.data }
        : overview.data,
    [overview.data, detail.data],
  );
  return {
    data,
    isPending: overview.isPending,
    error: overview.error,
    /** Zoomed in, and the detail level is on its way. */
    loadingDetail: needsDetail && detail.isFetching,
  };
}
