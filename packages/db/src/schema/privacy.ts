import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { user } from './auth';
import { events } from './events';
import { images } from './images';
import { tracks } from './music';

/**
 * Where a takedown request stands: `open` (the photo is hidden, an admin has not decided yet),
 * `kept-hidden`, `deleted` (the photo is gone) or `restored` (visible again, with the admin's note).
 */
export const takedownStates = ['open', 'kept-hidden', 'deleted', 'restored'] as const;
export type TakedownState = (typeof takedownStates)[number];

/** "This is me — hide it": a member's request to hide a photo they appear in. */
export const takedownRequests = pgTable(
  'takedown_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // Kept when the photo is deleted: the requester still sees that their request ended that way.
    imageId: uuid('image_id').references(() => images.id, { onDelete: 'set null' }),
    eventId: uuid('event_id').references(() => events.id, { onDelete: 'set null' }),
    // Null once the requester's account is erased; the record (and the hidden photo) stays.
    requesterId: text('requester_id').references(() => user.id, { onDelete: 'set null' }),
    reason: text('reason'),
    state: text('state').$type<TakedownState>().notNull().default('open'),
    /** The admin's words to the requester, shown on their requests page. */
    adminNote: text('admin_note'),
    decidedBy: text('decided_by').references(() => user.id, { onDelete: 'set null' }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('takedown_requests_requester_idx').on(t.requesterId, t.createdAt),
    index('takedown_requests_image_idx').on(t.imageId),
    index('takedown_requests_state_idx').on(t.state, t.createdAt),
  ],
);

/** What was downloaded: a photo's original, a track's lossless original or its FLAC copy. */
export const downloadKinds = ['photo-original', 'track-original', 'track-flac'] as const;
export type DownloadKind = (typeof downloadKinds)[number];

/** One handed-out download URL of an original or lossless file: who, what, when. */
export const downloadLog = pgTable(
  'download_log',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<DownloadKind>().notNull(),
    imageId: uuid('image_id').references(() => images.id, { onDelete: 'cascade' }),
    trackId: uuid('track_id').references(() => tracks.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('download_log_image_idx').on(t.imageId, t.createdAt),
    index('download_log_track_idx').on(t.trackId, t.createdAt),
  ],
);
