import { and, eq } from 'drizzle-orm';
import type { Database } from '../client';
import { listeningPositions, tracks } from '../schema';

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

/** Where a member stopped in each track of a set (by the set, so it needs no track ids first). */
export async function listSetListeningPositions(db: Database, userId: string, setId: string) {
  return db
    .select({ trackId: listeningPositions.trackId, positionSeconds: listeningPositions.positionSeconds })
    .from(listeningPositions)
    .innerJoin(tracks, eq(tracks.id, listeningPositions.trackId))
    .where(and(eq(listeningPositions.userId, userId), eq(tracks.setId, setId)));
}
