import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../client';
import { listeningPositions } from '../schema';

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
