import { useCallback, useEffect, useRef } from 'react';

const QUIET_MS = 60_000;

/**
 * An `onError` handler for images with presigned URLs: the first failure (most likely an expired
 * URL) refetches the list once, and further failures within a minute do not, so a photo that is
 * really broken cannot start a refetch loop.
 */
export function useRefetchOnError(refetch: () => unknown): () => void {
  const last = useRef(0);
  const refetchRef = useRef(refetch);
  useEffect(() => {
    refetchRef.current = refetch;
  }, [refetch]);
  return useCallback(() => {
    const now = Date.now();
    if (now - last.current < QUIET_MS) return;
    last.current = now;
    void refetchRef.current();
  }, []);
}
