import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { user } from './auth';
import { events } from './events';
import { musicSets } from './music';

/**
 * A link that lets people without an account (the DJ, the photographer, the venue) see one event
 * gallery or hear one music set until it expires or an admin revokes it. Like invites, only a
 * SHA-256 of the token is stored, so a database leak does not leak usable links; an optional
 * password is stored as a scrypt hash.
 */
export const shareLinks = pgTable(
  'share_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull().unique(),
    /** Exactly one of `eventId` and `setId` is set (the check below). */
    eventId: uuid('event_id').references(() => events.id, { onDelete: 'cascade' }),
    setId: uuid('set_id').references(() => musicSets.id, { onDelete: 'cascade' }),
    /** Who the admin made it for ("venue", "DJ"); shown to admins only. */
    label: text('label'),
    /** `scrypt$<salt>$<hash>`, or null for a link without a password. */
    passwordHash: text('password_hash'),
    /** Guests may download (photo previews and allowed originals; a set's lossless files). */
    allowDownload: boolean('allow_download').notNull().default(false),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    openCount: integer('open_count').notNull().default(0),
    lastOpenedAt: timestamp('last_opened_at', { withTimezone: true }),
    /** Wrong passwords in the current window (rate limit of guesses, shared by every process). */
    failedAttempts: integer('failed_attempts').notNull().default(0),
    failedWindowStartedAt: timestamp('failed_window_started_at', { withTimezone: true }),
  },
  (t) => [
    index('share_links_event_idx').on(t.eventId),
    index('share_links_set_idx').on(t.setId),
    check('share_links_one_target', sql`(${t.eventId} is null) <> (${t.setId} is null)`),
  ],
);

/** When a share link was opened: the log admins see. Nothing about the guest is recorded. */
export const shareLinkOpens = pgTable(
  'share_link_opens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    linkId: uuid('link_id')
      .notNull()
      .references(() => shareLinks.id, { onDelete: 'cascade' }),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('share_link_opens_link_idx').on(t.linkId, t.openedAt)],
);
