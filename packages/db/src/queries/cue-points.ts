import { asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../client';
import { cuePoints, tracks } from '../schema';

export type CuePoint = typeof cuePoints.$inferSelect;

export async function replaceCuePoints(
  db: Database,
  trackId: string,
  cues: Array<{ startSeconds: number; artist: string | null; title: string }>,
): Promise<void> {
  await db.transaction(async (tx) => {
    // The same row lock as prefillCuePoints: an admin's save and a prefill never interleave.
    await tx.select({ id: tracks.id }).from(tracks).where(eq(tracks.id, trackId)).for('update');
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

/**
 * The tracklist processing found in the file (embedded chapters), stored only while the track has
 * none: a tracklist an admin saved, before or during processing, is never replaced. True when stored.
 */
export async function prefillCuePoints(
  db: Database,
  trackId: string,
  cues: Array<{ startSeconds: number; artist: string | null; title: string }>,
): Promise<boolean> {
  if (cues.length === 0) return false;
  return db.transaction(async (tx) => {
    const [track] = await tx
      .select({ id: tracks.id })
      .from(tracks)
      .where(eq(tracks.id, trackId))
      .for('update');
    if (!track) return false;
    const [existing] = await tx
      .select({ id: cuePoints.id })
      .from(cuePoints)
      .where(eq(cuePoints.trackId, trackId))
      .limit(1);
    if (existing) return false;
    await tx.insert(cuePoints).values(cues.map((cue, index) => ({ ...cue, trackId, position: index + 1 })));
    return true;
  });
}
