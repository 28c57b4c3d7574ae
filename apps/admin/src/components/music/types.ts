import type { RouterOutputs } from '@party/ui';

export type AdminMusicSet = RouterOutputs['admin']['musicSets']['byId'];
export type AdminTrack = AdminMusicSet['tracks'][number];

/** The worker still has something to report: poll for status and progress. */
export const isBusy = (track: AdminTrack) => track.status === 'processing' || track.status === 'deleting';

/** The worker has something to report on the set (a track, or an uploaded cover): poll. */
export const hasBusyWork = (set: AdminMusicSet) => set.tracks.some(isBusy) || set.coverUploadId !== null;
