import { and, asc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { musicSets, type RenditionTier, trackRenditions, tracks } from '../schema';
import { type ViewerScope, visibleTo } from './visibility';

export type Track = typeof tracks.$inferSelect;
export type TrackRendition = typeof trackRenditions.$inferSelect;
export type { RenditionTier };

/**
 * Every S3 key a track owns: its original, both waveform peaks files and each rendition. The one
 * answer that deletion and the storage sweeps use, so a new kind of track object is added here once.
 */
export function trackObjectKeys(
  track: Pick<Track, 'originalKey' | 'peaksKey' | 'peaksDetailKey'>,
  renditions: ReadonlyArray<Pick<TrackRendition, 'key'>>,
): string[] {
  return [
    track.originalKey,
    ...[track.peaksKey, track.peaksDetailKey].filter((key): key is string => key !== null),
    ...renditions.map((r) => r.key),
  ];
}

/** Creates the track of a finished upload, last in its set. Idempotent per upload. */
export async function createTrack(
  db: Database,
  input: {
    setId: string;
    uploadId: string;
    originalKey: string;
    originalName: string;
    bytes: number;
    createdBy: string;
  },
): Promise<Track> {
  const [row] = await db
    .insert(tracks)
    .values({
      ...input,
      position: sql`(select coalesce(max(${tracks.position}), 0) + 1 from ${tracks} where ${tracks.setId} = ${input.setId})`,
    })
    .onConflictDoNothing({ target: tracks.uploadId })
    .returning();
  if (row) return row;
  const existing = await db.query.tracks.findFirst({ where: eq(tracks.uploadId, input.uploadId) });
  if (!existing) throw new Error(`track for upload ${input.uploadId} could not be created`);
  return existing;
}

export async function findTrack(db: Database, id: string): Promise<Track | undefined> {
  return db.query.tracks.findFirst({ where: eq(tracks.id, id) });
}

export async function listTracksOfSets(db: Database, setIds: string[]): Promise<Track[]> {
  if (setIds.length === 0) return [];
  return db
    .select()
    .from(tracks)
    .where(inArray(tracks.setId, setIds))
    .orderBy(asc(tracks.setId), asc(tracks.position), asc(tracks.createdAt));
}

export async function listRenditions(db: Database, trackIds: string[]): Promise<TrackRendition[]> {
  if (trackIds.length === 0) return [];
  return db.select().from(trackRenditions).where(inArray(trackRenditions.trackId, trackIds));
}

export async function updateTrack(
  db: Database,
  id: string,
  input: Partial<Pick<Track, 'title' | 'artist'>>,
): Promise<Track | undefined> {
  const [row] = await db
    .update(tracks)
    .set({ ...input, updatedAt: new Date() })
    .where(eq(tracks.id, id))
    .returning();
  return row;
}

/** Puts the set's tracks in the given order; ids not of this set are ignored. */
export async function reorderTracks(db: Database, setId: string, orderedIds: string[]): Promise<void> {
  await db.transaction(async (tx) => {
    for (const [index, id] of orderedIds.entries()) {
      await tx
        .update(tracks)
        .set({ position: index + 1 })
        .where(and(eq(tracks.id, id), eq(tracks.setId, setId)));
    }
  });
}

export async function setTrackProgress(
  db: Database,
  id: string,
  progress: number,
  stage: string,
): Promise<void> {
  await db
    .update(tracks)
    .set({ progress: Math.max(0, Math.min(100, Math.round(progress))), stage })
    .where(and(eq(tracks.id, id), eq(tracks.status, 'processing')));
}

/** `retryable: false` when the file itself was refused, so processing it again cannot help. */
export async function markTrackFailed(
  db: Database,
  id: string,
  reason: string,
  { retryable = true }: { retryable?: boolean } = {},
): Promise<void> {
  await db
    .update(tracks)
    .set({
      status: 'failed',
      failureReason: reason,
      failureRetryable: retryable,
      stage: null,
      updatedAt: new Date(),
    })
    .where(and(eq(tracks.id, id), eq(tracks.status, 'processing')));
}

export async function resetTrackForRetry(db: Database, id: string): Promise<boolean> {
  const rows = await db
    .update(tracks)
    .set({ status: 'processing', failureReason: null, progress: 0, stage: 'queued', updatedAt: new Date() })
    .where(and(eq(tracks.id, id), eq(tracks.status, 'failed'), eq(tracks.failureRetryable, true)))
    .returning({ id: tracks.id });
  return rows.length > 0;
}

export type TrackFacts = Pick<
  Track,
  | 'sha256'
  | 'container'
  | 'codec'
  | 'lossless'
  | 'durationSeconds'
  | 'sampleRate'
  | 'bitDepth'
  | 'channels'
  | 'bitrate'
  | 'loudnessLufs'
  | 'truePeakDb'
  | 'peaksKey'
  | 'peaksDetailKey'
  | 'streamOriginal'
> &
  Partial<Pick<Track, 'title' | 'artist'>>;

/**
 * Stores what processing found and every rendition, then makes the track ready, in one
 * transaction: a track is never ready with a rendition missing. Title and artist from the file's
 * tags only fill fields an admin left empty.
 */
export async function markTrackReady(
  db: Database,
  id: string,
  facts: TrackFacts,
  renditions: Array<Omit<TrackRendition, 'trackId'>>,
): Promise<void> {
  const { title, artist, ...rest } = facts;
  await db.transaction(async (tx) => {
    await tx.delete(trackRenditions).where(eq(trackRenditions.trackId, id));
    if (renditions.length > 0)
      await tx.insert(trackRenditions).values(renditions.map((r) => ({ ...r, trackId: id })));
    await tx
      .update(tracks)
      .set({
        ...rest,
        title: sql`coalesce(${tracks.title}, ${title ?? null})`,
        artist: sql`coalesce(${tracks.artist}, ${artist ?? null})`,
        status: 'ready',
        progress: 100,
        stage: null,
        failureReason: null,
        updatedAt: new Date(),
      })
      .where(eq(tracks.id, id));
  });
}

/** A ready track with its set, if the viewer may see the set. */
export async function findVisibleTrack(db: Database, viewer: ViewerScope, trackId: string) {
  const [row] = await db
    .select({ track: tracks, set: musicSets })
    .from(tracks)
    .innerJoin(musicSets, eq(musicSets.id, tracks.setId))
    .where(and(eq(tracks.id, trackId), eq(tracks.status, 'ready'), visibleTo(viewer, musicSets)));
  return row;
}

/** Each track with every S3 key it owns (see `trackObjectKeys`), given their renditions. */
function withObjectKeys<T extends Pick<Track, 'id' | 'originalKey' | 'peaksKey' | 'peaksDetailKey'>>(
  rows: T[],
  renditions: ReadonlyArray<Pick<TrackRendition, 'trackId' | 'key'>>,
): Array<T & { keys: string[] }> {
  const byTrack = new Map<string, Array<Pick<TrackRendition, 'key'>>>();
  for (const r of renditions) {
    const list = byTrack.get(r.trackId);
    if (list) list.push(r);
    else byTrack.set(r.trackId, [r]);
  }
  return rows.map((row) => ({ ...row, keys: trackObjectKeys(row, byTrack.get(row.id) ?? []) }));
}

const keyColumns = {
  id: tracks.id,
  originalKey: tracks.originalKey,
  peaksKey: tracks.peaksKey,
  peaksDetailKey: tracks.peaksDetailKey,
};

/** Marks tracks for deletion and returns every S3 key they own; objects go first, rows after. */
export async function markTracksDeleting(db: Database, ids: string[]) {
  if (ids.length === 0) return [];
  const marked = await db
    .update(tracks)
    .set({ status: 'deleting', updatedAt: new Date() })
    .where(inArray(tracks.id, ids))
    .returning(keyColumns);
  const renditions = await listRenditions(
    db,
    marked.map((m) => m.id),
  );
  return withObjectKeys(marked, renditions).map(({ id, keys }) => ({ id, keys }));
}

/** Those of these tracks still in `deleting`, with every S3 key they own (for the deletion job). */
export async function listTracksDeleting(db: Database, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await db
    .select(keyColumns)
    .from(tracks)
    .where(and(inArray(tracks.id, ids), eq(tracks.status, 'deleting')));
  const renditions = await listRenditions(
    db,
    rows.map((r) => r.id),
  );
  return withObjectKeys(rows, renditions).map(({ id, keys }) => ({ id, keys }));
}

/** Tracks stuck in `deleting` since before `olderThan` (a failed S3 delete); the deletion job retries them. */
export async function listTracksStuckDeleting(db: Database, olderThan: Date): Promise<string[]> {
  const rows = await db
    .select({ id: tracks.id })
    .from(tracks)
    .where(and(eq(tracks.status, 'deleting'), lt(tracks.updatedAt, olderThan)));
  return rows.map((r) => r.id);
}

/** Every track with the S3 keys it owns and whether it is ready (for the storage sweep). */
export async function listTrackObjects(db: Database) {
  const rows = await db.select({ ...keyColumns, status: tracks.status }).from(tracks);
  const renditions = await db
    .select({ trackId: trackRenditions.trackId, key: trackRenditions.key })
    .from(trackRenditions);
  return withObjectKeys(rows, renditions);
}

export async function deleteTrackRows(db: Database, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.delete(tracks).where(inArray(tracks.id, ids));
}
