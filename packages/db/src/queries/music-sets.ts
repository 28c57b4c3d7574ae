import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Database } from '../client';
import { cuePoints, musicSets, tracks, type Visibility } from '../schema';
import { type AudienceClass, type ViewerScope, visibleTo } from './visibility';

export type MusicSet = typeof musicSets.$inferSelect;

export type MusicSetInput = Pick<MusicSet, 'title' | 'artist'> &
  Partial<Pick<MusicSet, 'eventId' | 'description' | 'recordedOn' | 'visibility' | 'position' | 'djUserId'>>;

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

export async function findVisibleMusicSet(db: Database, viewer: ViewerScope | AudienceClass, id: string) {
  const [row] = await db
    .select()
    .from(musicSets)
    .where(and(eq(musicSets.id, id), visibleTo(viewer, musicSets)));
  return row;
}

/** The event a set was recorded at (null: none), or undefined when there is no such set. */
export async function findMusicSetEventId(db: Database, id: string): Promise<string | null | undefined> {
  const [row] = await db.select({ eventId: musicSets.eventId }).from(musicSets).where(eq(musicSets.id, id));
  return row?.eventId;
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
