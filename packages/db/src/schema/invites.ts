import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { type Role, user } from './auth';

/** `queued`: waiting for (or between) attempts; `sent`: the SMTP server accepted it; `failed`: no attempts left. */
export type InviteMailState = 'queued' | 'sent' | 'failed';

/**
 * Invite links. Sign-up is invite-only: a person needs an unused, unrevoked, unexpired invite.
 * Only a SHA-256 of the token is stored, so a database leak does not leak usable links.
 */
export const invites = pgTable(
  'invites',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull().unique(),
    /** When set, only this address may use the invite. */
    email: text('email'),
    role: text('role').$type<Role>().notNull().default('member'),
    note: text('note'),
    createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    usedByEmail: text('used_by_email'),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    /** Null: not sent by e-mail. Otherwise the state of its invite mail (`InviteMailState`). */
    mailState: text('mail_state').$type<InviteMailState>(),
    /** Why the last attempt to send it failed (kept while retries are left, and after the last). */
    mailError: text('mail_error'),
    mailSentAt: timestamp('mail_sent_at', { withTimezone: true }),
    /**
     * The link of a mailed invite, sealed (AES-256-GCM under a key from the auth secret) like the
     * mail job's payload: the reminder needs it. Cleared once the reminder is out or the invite
     * is used or withdrawn, so it is kept no longer than it may be needed.
     */
    sealedLink: text('sealed_link'),
    /** Null: no reminder (yet). Otherwise the state of its one reminder mail (`InviteMailState`). */
    reminderState: text('reminder_state').$type<InviteMailState>(),
    reminderError: text('reminder_error'),
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
  },
  (t) => [index('invites_created_at_idx').on(t.createdAt)],
);
