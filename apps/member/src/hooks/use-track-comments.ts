import { trpc } from '@party/ui';
import { useMemo } from 'react';
import { formatClock } from '../lib/time';

/** A comment as the waveform marks it. */
export interface CommentMark {
  id: string;
  atSeconds: number;
  label: string;
}

/**
 * The timed comments of a track (`comments.list`) and the markers the waveform draws for them.
 * `enabled` is false for a share-link guest: comments stay inside the community.
 */
export function useTrackComments(trackId: string, enabled: boolean) {
  const query = trpc.comments.list.useQuery({ trackId }, { enabled: enabled && trackId !== '' });
  const marks = useMemo<CommentMark[]>(
    () =>
      (query.data?.comments ?? []).map((c) => ({
        id: c.id,
        atSeconds: c.atSeconds,
        label: `${formatClock(c.atSeconds)} ${c.authorName}: ${c.body}`,
      })),
    [query.data],
  );
  return { query, marks };
}

export type TrackCommentsQuery = ReturnType<typeof useTrackComments>['query'];
