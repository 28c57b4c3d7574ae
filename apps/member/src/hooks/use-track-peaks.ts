import { useQuery } from '@tanstack/react-query';
import { parsePeaks, type WaveformPeaks } from '../lib/peaks';

/**
 * The stored waveform peaks of a track (a few KB to ~2 MB of JSON, straight from S3 on the
 * presigned URL). Keyed by track, not URL: the URL changes on every visit, the peaks never do.
 */
export function useTrackPeaks(trackId: string, peaksUrl: string | null) {
  return useQuery<WaveformPeaks>({
    queryKey: ['track-peaks', trackId],
    enabled: peaksUrl !== null,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 30 * 60 * 1000,
    retry: 1,
    queryFn: async ({ signal }) => {
      if (!peaksUrl) throw new Error('This track has no waveform.');
      const response = await fetch(peaksUrl, { signal });
      if (!response.ok) throw new Error(`The waveform could not be loaded (${response.status}).`);
      return parsePeaks(await response.json());
    },
  });
}
