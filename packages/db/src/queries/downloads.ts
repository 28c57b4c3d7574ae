import { desc, eq } from 'drizzle-orm';
import type { Database } from '../client';
import { type DownloadKind, downloadLog, user } from '../schema';

/** Notes that a download URL of an original or lossless file was handed to this person. */
export async function logDownload(
  db: Database,
  entry: { userId: string; kind: DownloadKind; imageId?: string; trackId?: string },
): Promise<void> {
  await db.insert(downloadLog).values(entry);
}

/** Who downloaded this photo's original or this track's lossless files, newest first. */
export async function listDownloads(db: Database, of: { imageId: string } | { trackId: string }) {
  return db
    .select({
      id: downloadLog.id,
      kind: downloadLog.kind,
      createdAt: downloadLog.createdAt,
      user: { id: user.id, name: user.name, email: user.email },
    })
    .from(downloadLog)
    .innerJoin(user, eq(user.id, downloadLog.userId))
    .where('imageId' in of ? eq(downloadLog.imageId, of.imageId) : eq(downloadLog.trackId, of.trackId))
    .orderBy(desc(downloadLog.createdAt))
    .limit(1000);
}
