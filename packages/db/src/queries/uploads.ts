import { and, count, eq, gt, lt } from 'drizzle-orm';
import type { Database } from '../client';
import { type UploadKind, uploads } from '../schema';

export type Upload = typeof uploads.$inferSelect;

export async function createUpload(
  db: Database,
  input: {
    id: string;
    ownerId: string;
    kind: UploadKind;
    eventId?: string | null;
    targetId?: string | null;
    fileName: string;
    fileType?: string | null;
    size: number;
  },
): Promise<Upload> {
  const [row] = await db.insert(uploads).values(input).returning();
  if (!row) throw new Error('insert into uploads returned no row');
  return row;
}

export async function findUpload(db: Database, id: string): Promise<Upload | undefined> {
  return db.query.uploads.findFirst({ where: eq(uploads.id, id) });
}

/** Uploads of this admin still in progress and touched since `since` (abandoned ones do not count). */
export async function countActiveUploads(db: Database, ownerId: string, since: Date): Promise<number> {
  const [row] = await db
    .select({ value: count() })
    .from(uploads)
    .where(and(eq(uploads.ownerId, ownerId), eq(uploads.status, 'uploading'), gt(uploads.updatedAt, since)));
  return row?.value ?? 0;
}

/** Records activity on an upload (a PATCH), which keeps it counted as active. */
export async function touchUpload(db: Database, id: string): Promise<void> {
  await db.update(uploads).set({ updatedAt: new Date() }).where(eq(uploads.id, id));
}

/** Marks the upload complete; returns the row only the first time (tus may report finish twice). */
export async function completeUpload(db: Database, id: string): Promise<Upload | undefined> {
  const [row] = await db
    .update(uploads)
    .set({ status: 'complete', completedAt: new Date(), updatedAt: new Date() })
    .where(and(eq(uploads.id, id), eq(uploads.status, 'uploading')))
    .returning();
  return row;
}

/** Uploads still unfinished that started before `startedBefore` (past their expiry). */
export async function listExpiredUploads(db: Database, startedBefore: Date): Promise<string[]> {
  const rows = await db
    .select({ id: uploads.id })
    .from(uploads)
    .where(and(eq(uploads.status, 'uploading'), lt(uploads.createdAt, startedBefore)));
  return rows.map((row) => row.id);
}

export async function abortUpload(db: Database, id: string): Promise<void> {
  await db.update(uploads).set({ status: 'aborted', updatedAt: new Date() }).where(eq(uploads.id, id));
}

/**
 * The S3 objects a tus upload keeps while it runs: the upload itself, its `.info` metadata and a
 * `.part` for a trailing chunk smaller than a multipart part (the layout of `@tus/s3-store`).
 */
export function uploadObjectKeys(upload: Pick<Upload, 'id'>): string[] {
  return [upload.id, `${upload.id}.info`, `${upload.id}.part`];
}
