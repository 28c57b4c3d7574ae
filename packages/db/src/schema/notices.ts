import { index, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { user } from './auth';

/** What a notice announces: an event's gallery (`itemId` = event id) or a music set (set id). */
export const noticeKinds = ['gallery', 'set'] as const;
export type NoticeKind = (typeof noticeKinds)[number];

/** `queued`: waiting for (or between) attempts; `sent`; `failed`: no attempts left; `skipped`: no longer wanted or visible. */
export type NoticeState = 'queued' | 'sent' | 'failed' | 'skipped';

/**
 * One "new gallery / new set" mail to one person. The unique key is the promise "never twice for
 * the same item and person": publishing again finds the row and queues nothing.
 */
export const notices = pgTable(
  'notices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').$type<NoticeKind>().notNull(),
    itemId: uuid('item_id').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    state: text('state').$type<NoticeState>().notNull().default('queued'),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    unique('notices_item_user_unique').on(t.kind, t.itemId, t.userId),
    index('notices_user_idx').on(t.userId),
  ],
);
