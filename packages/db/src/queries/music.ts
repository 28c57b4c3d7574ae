import { and, asc, desc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Database } from '../client';
import {
  cuePoints,
  listeningPositions,
  musicSets,
  type RenditionTier,
  trackRenditions,
  tracks,
  type Visibility,
} from '../schema';
import { type ViewerScope, visibleTo } from './visibility';

export type MusicSet = typeof musicSets.$inferSelect;
export type Track = typeof tracks.$inferSelect;
export type TrackRendition = typeof trackRenditions.$inferSelect;
export type CuePoint = typeof cuePoints.$inferSelect;

export type MusicSetInput = Pick<MusicSet, 'title' | 'artist'> &
  Partial<Pick<MusicSet, 'eventId' | 'description' | 'recordedOn' | 'visibility' | 'position'>>;

export async function createMusicSet(
  db: Database,
  input: MusicSetInput & { createdBy: string },
): Promise<MusicSet> {
  const [row] = await db.insert(musicSets).values(input).returning();
  if (!row) throw new Error('insert into music_sets returned no row');
  return row;
}

export async function updateMusicSet(
  db: Database,
  id: string,
  input: Partial<MusicSetInput> & { coverKey?: string | null },
): Promise<MusicSet | undefined> {
  const [row] = await db
    .update(musicSets)
    .set({ ...input, updatedAt: new Date() })
    .where(eq(musicSets.id, id))
    .returning();
  return row;
}

export async function findMusicSet(db: Database, id: string): Promise<MusicSet | undefined> {
  return db.query.musicSets.findFirst({ where: eq(musicSets.id, id) });
}

/**
 * Sets a cover from a track's embedded art, only while the set has none: a cover an admin chose
 * (or embedded art already taken) is never replaced. False when the set already had a cover.
 */
export async function setEmbeddedCover(db: Database, setId: string, key: string): Promise<boolean> {
  const rows = await db
    .update(musicSets)
    .set({ coverKey: key, updatedAt: new Date() })
    .where(and(eq(musicSets.id, setId), isNull(musicSets.coverKey)))
    .returning({ id: musicSets.id });
  return rows.length > 0;
}

/**
 * Records a finished cover upload as the one to process (a newer upload wins over an older one
 * still waiting) and clears the reason a previous one failed. False when the set is gone.
 */
export async function startCoverUpload(db: Database, setId: string, uploadId: string): Promise<boolean> {
  const rows = await db
    .update(musicSets)
    .set({ coverUploadId: uploadId, coverFailureReason: null, updatedAt: new Date() })
    .where(eq(musicSets.id, setId))
    .returning({ id: musicSets.id });
  return rows.length > 0;
}

/**
 * Makes the processed upload the set's cover, if that upload is still the one waiting, and returns
 * the key it replaced (the caller deletes that object). Not applied when a newer upload took its
 * place, the set is gone or the job already ran.
 */
export async function applyUploadedCover(
  db: Database,
  params: { setId: string; uploadId: string; key: string },
): Promise<{ applied: true; previousKey: string | null } | { applied: false }> {
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ coverKey: musicSets.coverKey, coverUploadId: musicSets.coverUploadId })
      .from(musicSets)
      .where(eq(musicSets.id, params.setId))
      .for('update');
    if (!current || current.coverUploadId !== params.uploadId) return { applied: false };
    await tx
      .update(musicSets)
      .set({ coverKey: params.key, coverUploadId: null, coverFailureReason: null, updatedAt: new Date() })
      .where(eq(musicSets.id, params.setId));
    return { applied: true, previousKey: current.coverKey };
  });
}

/** Ends a cover upload that cannot be used with a reason for the admin; the current cover stays. */
export async function failCoverUpload(
  db: Database,
  params: { setId: string; uploadId: string; reason: string },
): Promise<void> {
  await db
    .update(musicSets)
    .set({ coverUploadId: null, coverFailureReason: params.reason, updatedAt: new Date() })
    .where(and(eq(musicSets.id, params.setId), eq(musicSets.coverUploadId, params.uploadId)));
}

/**
 * Forgets the set's cover after its object was deleted, only if it is still `key` (a cover that
 * arrived meanwhile is kept). Also clears the reason a cover upload failed.
 */
export async function clearMusicSetCover(db: Database, setId: string, key: string): Promise<boolean> {
  const rows = await db
    .update(musicSets)
    .set({ coverKey: null, coverFailureReason: null, updatedAt: new Date() })
    .where(and(eq(musicSets.id, setId), eq(musicSets.coverKey, key)))
    .returning({ id: musicSets.id });
  return rows.length > 0;
}

/** Sets for admins with track counts and total duration, in their manual order, newest first. */
export async function listMusicSetsForAdmin(db: Database) {
  return db
    .select({
      set: musicSets,
      trackCount: sql<number>`count(${tracks.id})::int`,
      durationSeconds: sql<number>`coalesce(sum(${tracks.durationSeconds}), 0)::real`,
      processingCount: sql<number>`count(${tracks.id}) filter (where ${tracks.status} = 'processing')::int`,
      failedCount: sql<number>`count(${tracks.id}) filter (where ${tracks.status} = 'failed')::int`,
    })
    .from(musicSets)
    .leftJoin(tracks, eq(tracks.setId, musicSets.id))
    .groupBy(musicSets.id)
    .orderBy(asc(musicSets.position), desc(musicSets.createdAt));
}

/** Sets with at least one ready track that the viewer may see. */
export async function listVisibleMusicSets(db: Database, viewer: ViewerScope) {
  return db
    .select({
      set: musicSets,
      trackCount: sql<number>`count(${tracks.id})::int`,
      durationSeconds: sql<number>`coalesce(sum(${tracks.durationSeconds}), 0)::real`,
    })
    .from(musicSets)
    .innerJoin(tracks, and(eq(tracks.setId, musicSets.id), eq(tracks.status, 'ready')))
    .where(visibleTo(viewer, musicSets))
    .groupBy(musicSets.id)
    .orderBy(asc(musicSets.position), desc(musicSets.recordedOn), desc(musicSets.createdAt));
}

export async function findVisibleMusicSet(db: Database, viewer: ViewerScope, id: string) {
  const [row] = await db
    .select()
    .from(musicSets)
    .where(and(eq(musicSets.id, id), visibleTo(viewer, musicSets)));
  return row;
}

export async function musicSetHasTracks(db: Database, id: string): Promise<boolean> {
  const [row] = await db.select({ id: tracks.id }).from(tracks).where(eq(tracks.setId, id)).limit(1);
  return row !== undefined;
}

export async function deleteEmptyMusicSet(
  db: Database,
  id: string,
): Promise<'deleted' | 'not-empty' | 'missing'> {
  const [row] = await db
    .select({ value: sql<number>`count(*)::int` })
    .from(tracks)
    .where(eq(tracks.setId, id));
  if ((row?.value ?? 0) > 0) return 'not-empty';
  const deleted = await db.delete(musicSets).where(eq(musicSets.id, id)).returning({ id: musicSets.id });
  return deleted.length > 0 ? 'deleted' : 'missing';
}

export async function setMusicSetsVisibility(
  db: Database,
  ids: string[],
  visibility: Visibility,
): Promise<number> {
  const rows = await db
    .update(musicSets)
    .set({ visibility, updatedAt: new Date() })
    .where(inArray(musicSets.id, ids))
    .returning({ id: musicSets.id });
  return rows.length;
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

export async function markTrackFailed(db: Database, id: string, reason: string): Promise<void> {
  await db
    .update(tracks)
    .set({ status: 'failed', failureReason: reason, stage: null, updatedAt: new Date() })
    .where(and(eq(tracks.id, id), eq(tracks.status, 'processing')));
}

export async function resetTrackForRetry(db: Database, id: string): Promise<boolean> {
  const rows = await db
    .update(tracks)
    .set({ status: 'processing', failureReason: null, progress: 0, stage: 'queued', updatedAt: new Date() })
    .where(and(eq(tracks.id, id), eq(tracks.status, 'failed')))
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

/** Marks tracks for deletion and returns every S3 key they own; objects go first, rows after. */
export async function markTracksDeleting(db: Database, ids: string[]) {
  if (ids.length === 0) return [];
  const marked = await db
    .update(tracks)
    .set({ status: 'deleting', updatedAt: new Date() })
    .where(inArray(tracks.id, ids))
    .returning({
      id: tracks.id,
      originalKey: tracks.originalKey,
      peaksKey: tracks.peaksKey,
      peaksDetailKey: tracks.peaksDetailKey,
    });
  const renditions = await listRenditions(
    db,
    marked.map((m) => m.id),
  );
  return marked.map((m) => ({
    id: m.id,
    keys: [
      m.originalKey,
      ...[m.peaksKey, m.peaksDetailKey].filter((key): key is string => key !== null),
      ...renditions.filter((r) => r.trackId === m.id).map((r) => r.key),
    ],
  }));
}

export async function deleteTrackRows(db: Database, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.delete(tracks).where(inArray(tracks.id, ids));
}

export async function replaceCuePoints(
  db: Database,
  trackId: string,
  cues: Array<{ startSeconds: number; artist: string | null; title: string }>,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(cuePoints).where(eq(cuePoints.trackId, trackId));
    if (cues.length > 0) {
      await tx.insert(cuePoints).values(cues.map((cue, index) => ({ ...cue, trackId, position: index + 1 })));
    }
  });
}

export async function listCuePoints(db: Database, trackIds: string[]): Promise<CuePoint[]> {
  if (trackIds.length === 0) return [];
  return db
    .select()
    .from(cuePoints)
    .where(inArray(cuePoints.trackId, trackIds))
    .orderBy(asc(cuePoints.trackId), asc(cuePoints.position));
}

export type { RenditionTier };

/** Saves where a member is in a track (last write wins). */
export async function saveListeningPosition(
  db: Database,
  params: { userId: string; trackId: string; positionSeconds: number },
): Promise<void> {
  await db
    .insert(listeningPositions)
    .values({ ...params, updatedAt: new Date() })
    .onConflictDoUpdate({
      target: [listeningPositions.userId, listeningPositions.trackId],
      set: { positionSeconds: params.positionSeconds, updatedAt: new Date() },
    });
}

export async function listListeningPositions(db: Database, userId: string, trackIds: string[]) {
  if (trackIds.length === 0) return [];
  return db
    .select()
    .from(listeningPositions)
    .where(and(eq(listeningPositions.userId, userId), inArray(listeningPositions.trackId, trackIds)));
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

/** Visible sets whose title, artist or tracklist mentions `query` (case-insensitive). */
export async function searchVisibleMusicSetIds(
  db: Database,
  viewer: ViewerScope,
  query: string,
): Promise<string[]> {
  const pattern = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await db
    .selectDistinct({ id: musicSets.id })
    .from(musicSets)
    .leftJoin(tracks, eq(tracks.setId, musicSets.id))
    .leftJoin(cuePoints, eq(cuePoints.trackId, tracks.id))
    .where(
      and(
        visibleTo(viewer, musicSets),
        sql`(${musicSets.title} ilike ${pattern} or ${musicSets.artist} ilike ${pattern} or ${tracks.title} ilike ${pattern} or ${tracks.artist} ilike ${pattern} or ${cuePoints.title} ilike ${pattern} or ${cuePoints.artist} ilike ${pattern})`,
      ),
    );
  return rows.map((r) => r.id);
}

/**
 * Ready tracks and sets whose objects (original, peaks, renditions, cover) are listed in `keys`:
 * the storage sweep reports them as rows whose objects are gone.
 */
export async function musicReferencingKeys(db: Database, keys: string[]) {
  if (keys.length === 0) return [];
  const ready = eq(tracks.status, 'ready');
  const trackFiles = await db
    .select({
      id: tracks.id,
      original: tracks.originalKey,
      peaks: tracks.peaksKey,
      detail: tracks.peaksDetailKey,
    })
    .from(tracks)
    .where(
      and(
        ready,
        or(
          inArray(tracks.originalKey, keys),
          inArray(tracks.peaksKey, keys),
          inArray(tracks.peaksDetailKey, keys),
        ),
      ),
    );
  const wanted = new Set(keys);
  const renditions = await db
    .select({ id: trackRenditions.trackId, key: trackRenditions.key })
    .from(trackRenditions)
    .where(inArray(trackRenditions.key, keys));
  const covers = await db
    .select({ id: musicSets.id, key: musicSets.coverKey })
    .from(musicSets)
    .where(inArray(musicSets.coverKey, keys));
  return [
    ...trackFiles.flatMap((row) =>
      [row.original, row.peaks, row.detail]
        .filter((key): key is string => key !== null && wanted.has(key))
        .map((key) => ({ kind: 'track' as const, id: row.id, key })),
    ),
    ...renditions.map((row) => ({ kind: 'track' as const, id: row.id, key: row.key })),
    ...covers.map((row) => ({ kind: 'set' as const, id: row.id, key: row.key ?? '' })),
  ];
}
