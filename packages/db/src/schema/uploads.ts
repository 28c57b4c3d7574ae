import { bigint, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { user } from './auth';
import { events } from './events';

export const uploadKinds = ['image', 'audio', 'cover'] as const;
export type UploadKind = (typeof uploadKinds)[number];
export const uploadStatuses = ['uploading', 'complete', 'aborted'] as const;
export type UploadStatus = (typeof uploadStatuses)[number];

/**
 * One tus upload. The id is the tus upload id, which is also the S3 key of the original
 * (`originals/<uuid>`); the row records who owns it, so only that admin may resume or cancel it.
 */
export const uploads = pgTable(
  'uploads',
  {
    id: text('id').primaryKey(),
    ownerId: text('owner_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<UploadKind>().notNull(),
    eventId: uuid('event_id').references(() => events.id, { onDelete: 'cascade' }),
    /** For audio and cover: the music set the track or cover image is uploaded for. */
    targetId: uuid('target_id'),
    fileName: text('file_name').notNull(),
    fileType: text('file_type'),
    size: bigint('size', { mode: 'number' }).notNull(),
    /** Bytes S3 has received so far (updated while a PATCH runs), for the admin's System page. */
    received: bigint('received', { mode: 'number' }).notNull().default(0),
    status: text('status').$type<UploadStatus>().notNull().default('uploading'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    completedAt: timestamp('completed_at', { withTimezone: true }),
  },
  (t) => [index('uploads_owner_status_idx').on(t.ownerId, t.status)],
);
