import { date, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { user } from './auth';

/** Where a record came from: the ticketing backend (by webhook or pull), or an admin of this service. */
export const recordSources = ['ticketing', 'manual'] as const;
export type RecordSource = (typeof recordSources)[number];

/** A party night: the unit that galleries, attendee lists and (optionally) music sets hang off. */
export const events = pgTable(
  'events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull().unique(),
    title: text('title').notNull(),
    eventDate: date('event_date', { mode: 'string' }).notNull(),
    venue: text('venue'),
    description: text('description'),
    /** An image of this event shown on cards; no foreign key, since images reference events. */
    coverImageId: uuid('cover_image_id'),
    createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
    /** The event's id in the ticketing backend; null for events created here by an admin. */
    externalId: text('external_id').unique(),
    /**
     * Set when the ticketing backend deleted the event while it still had photos: a webhook never
     * deletes photos, an admin decides. Cleared when the backend sends the event again.
     */
    removedUpstreamAt: timestamp('removed_upstream_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('events_event_date_idx').on(t.eventDate)],
);

/** Members who were at an event: they see its `attendees` content. */
export const eventAttendees = pgTable(
  'event_attendees',
  {
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
    /** `ticketing` rows are added and removed by the backend; `manual` ones only by an admin. */
    source: text('source').$type<RecordSource>().notNull().default('manual'),
    /** For `ticketing` rows: the person's OpenID subject the backend listed (removals name it). */
    subject: text('subject'),
  },
  (t) => [primaryKey({ columns: [t.eventId, t.userId] }), index('event_attendees_user_idx').on(t.userId)],
);
