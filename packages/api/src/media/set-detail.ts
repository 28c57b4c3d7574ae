import {
  type CuePoint,
  type Database,
  listCuePoints,
  listRenditions,
  listSetListeningPositions,
  listTracksOfSets,
  type MusicSet,
  type Track,
  type TrackRendition,
} from '@party/db';
import type { ViewerDelivery } from '@party/storage';

/** A set's playable tracks with their renditions and tracklists, as read from the database. */
export interface SetFiles {
  tracks: Track[];
  renditions: TrackRendition[];
  cues: CuePoint[];
}

/** What `setDetail` shows of a set besides the set itself: the same for every viewer. */
export async function readSetFiles(db: Database, set: MusicSet): Promise<SetFiles> {
  const tracks = (await listTracksOfSets(db, [set.id])).filter((t) => t.status === 'ready');
  const ids = tracks.map((t) => t.id);
  const [renditions, cues] = await Promise.all([listRenditions(db, ids), listCuePoints(db, ids)]);
  return { tracks, renditions, cues };
}

/**
 * A set with its playable tracks, their tracklists, waveform peaks and, for a member, where they
 * stopped: what the set page shows, to members (`musicSets.byId`) and guests (`share.set`) alike.
 * The caller has checked that the viewer may see the set.
 */
export async function setDetail(
  ctx: { db: Database; delivery: ViewerDelivery },
  set: MusicSet,
  listenerId: string | null,
) {
  const [files, positions] = await Promise.all([
    readSetFiles(ctx.db, set),
    listenerId ? listSetListeningPositions(ctx.db, listenerId, set.id) : [],
  ]);
  return describeSet(ctx, set, files, { listenerId, positions });
}

/** `setDetail` from a set and its files already read (e.g. remembered by `libraryMemory`). */
export async function describeSet(
  ctx: { delivery: ViewerDelivery },
  set: MusicSet,
  { tracks, renditions, cues }: SetFiles,
  listener: { listenerId: string | null; positions: Array<{ trackId: string; positionSeconds: number }> },
) {
  const { listenerId, positions } = listener;
  const now = new Date();
  return {
    id: set.id,
    title: set.title,
    artist: set.artist,
    description: set.description,
    /** The night it was recorded at; the set page links to its gallery when the viewer sees one. */
    eventId: set.eventId,
    recordedOn: set.recordedOn,
    /** The viewer is the member an admin linked as the set's DJ: the page offers its statistics. */
    youAreDj: listenerId !== null && set.djUserId === listenerId,
    coverUrl: set.coverKey ? (await ctx.delivery.url(set.coverKey, { now })).url : null,
    tracks: await Promise.all(
      tracks.map(async (track) => {
        const own = renditions.filter((r) => r.trackId === track.id);
        return {
          id: track.id,
          position: track.position,
          title: track.title ?? set.title,
          artist: track.artist ?? set.artist,
          durationSeconds: track.durationSeconds ?? 0,
          lossless: track.lossless,
          sampleRate: track.sampleRate,
          bitDepth: track.bitDepth,
          loudnessLufs: track.loudnessLufs,
          truePeakDb: track.truePeakDb,
          tiers: track.streamOriginal
            ? (['original'] as const)
            : own.filter((r) => r.tier !== 'flac').map((r) => r.tier as 'high' | 'medium'),
          downloads: {
            original: { bytes: track.bytes, codec: track.codec },
            flac: own.find((r) => r.tier === 'flac')?.bytes ?? null,
          },
          peaksUrl: track.peaksKey
            ? (await ctx.delivery.url(track.peaksKey, { now, contentType: 'application/json' })).url
            : null,
          // Null for tracks processed before the levels were split: their peaks.json holds both.
          detailPeaksUrl: track.peaksDetailKey
            ? (await ctx.delivery.url(track.peaksDetailKey, { now, contentType: 'application/json' })).url
            : null,
          cues: cues
            .filter((c) => c.trackId === track.id)
            .map(({ startSeconds, artist, title }) => ({ startSeconds, artist, title })),
          resumeAt: positions.find((p) => p.trackId === track.id)?.positionSeconds ?? null,
        };
      }),
    ),
  };
}
