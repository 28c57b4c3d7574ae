import { index, pgTable, real, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { user } from './auth';
import { tracks } from './music';

/** A member's plain-text comment at a moment of a track ("that drop at 1:02:03"). */
export const trackComments = pgTable(
  'track_comments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    trackId: uuid('track_id')
      .notNull()
      .references(() => tracks.id, { onDelete: 'cascade' }),
    // Erasing an account erases its comments with it.
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    atSeconds: real('at_seconds').notNull(),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Set when the author changed the text. */
    editedAt: timestamp('edited_at', { withTimezone: true }),
  },
  (t) => [
    index('track_comments_track_idx').on(t.trackId, t.atSeconds),
    // The rate limit counts a member's recent comments.
    index('track_comments_user_idx').on(t.userId, t.createdAt),
  ],
);

/** "Report this comment": one open report per member and comment, until an admin deals with it. */
export const commentReports = pgTable(
  'comment_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    commentId: uuid('comment_id')
      .notNull()
      .references(() => trackComments.id, { onDelete: 'cascade' }),
    reporterId: text('reporter_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    reason: text('reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('comment_reports_once').on(t.commentId, t.reporterId)],
);
