import { asc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../client';
import { cuePoints } from '../schema';

export type CuePoint = typeof cuePoints.$inferSelect;

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
