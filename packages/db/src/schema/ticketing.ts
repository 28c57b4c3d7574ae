import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { PhotoConsent } from './auth';
import { events } from './events';

/*
 * The ticketing backend (a separate service) pushes events, attendees and member states by signed
 * webhooks and can be pulled for a full comparison (README, Connecting the ticketing backend).
 */

/**
 * The newest version (the source's `updatedAt`) applied per record of the ticketing backend, kept
 * even after the record is gone here (then `deleted`): the one fact that makes deliveries safe to
 * arrive twice and out of order. A message whose `updatedAt` is not newer than this changes nothing.
 * `key` is e.g. `event:<externalId>`, `attendance:<eventExternalId>:<subject>`, `member:<subject>`.
 */
export const ticketingVersions = pgTable('ticketing_versions', {
  key: text('key').primaryKey(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull(),
  deleted: boolean('deleted').notNull().default(false),
});

/**
 * A person on an event's attendee list in the ticketing backend who has no account here yet:
 * matched to the account at its first sign-in (`claimPendingAttendances`).
 */
export const pendingAttendances = pgTable(
  'pending_attendances',
  {
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    /** The person's OpenID Connect subject at the ticketing backend. */
    subject: text('subject').notNull(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    photoConsent: text('photo_consent').$type<PhotoConsent>().notNull().default('fine'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.subject] }),
    index('pending_attendances_subject_idx').on(t.subject),
    index('pending_attendances_email_idx').on(t.email),
  ],
);

export const deliveryStatuses = ['queued', 'processed', 'ignored', 'failed'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

/**
 * Every verified webhook delivery, keyed by its `webhook-id`: a repeat of an id is dropped here.
 * The message waits in `payload` for its job.
 */
export const ticketingDeliveries = pgTable(
  'ticketing_deliveries',
  {
    webhookId: text('webhook_id').primaryKey(),
    type: text('type').notNull(),
    payload: jsonb('payload').notNull(),
    status: text('status').$type<DeliveryStatus>().notNull().default('queued'),
    /** What applying it did (`created`, `stale`, …) or why it failed. */
    outcome: text('outcome'),
    error: text('error'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp('processed_at', { withTimezone: true }),
  },
  (t) => [index('ticketing_deliveries_received_idx').on(t.receivedAt)],
);

export const rejectionReasons = ['signature', 'stale', 'headers', 'too-large', 'malformed'] as const;
export type RejectionReason = (typeof rejectionReasons)[number];

/** Refused deliveries (bad or stale signature, too large, malformed), counted and shown to admins. */
export const ticketingRejections = pgTable(
  'ticketing_rejections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    webhookId: text('webhook_id'),
    reason: text('reason').$type<RejectionReason>().notNull(),
    detail: text('detail').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('ticketing_rejections_received_idx').on(t.receivedAt)],
);

export const syncRunStatuses = ['queued', 'running', 'succeeded', 'failed'] as const;
export type SyncRunStatus = (typeof syncRunStatuses)[number];

/** Counts of one reconciliation run, per kind of record. */
export interface SyncReport {
  events: { created: number; updated: number; removed: number; marked: number; unchanged: number };
  attendees: { created: number; updated: number; removed: number; pending: number; unchanged: number };
}

/** One reconciliation run (nightly or "Sync now"): what it changed, or why it failed. */
export const ticketingSyncRuns = pgTable(
  'ticketing_sync_runs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    trigger: text('trigger').$type<'schedule' | 'admin'>().notNull(),
    status: text('status').$type<SyncRunStatus>().notNull().default('queued'),
    eventsDone: integer('events_done').notNull().default(0),
    eventsTotal: integer('events_total'),
    report: jsonb('report').$type<SyncReport>(),
    error: text('error'),
    requestedBy: text('requested_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('ticketing_sync_runs_created_idx').on(t.createdAt)],
);
