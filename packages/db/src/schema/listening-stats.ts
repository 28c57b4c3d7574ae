import { date, integer, pgTable, primaryKey, real, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tracks } from './music';

/*
 * Listening statistics: aggregates only. Nothing here says who listened to what, except the
 * listener keys of the last two days (salted hashes, deleted with their salt when the day is
 * folded into `unique_listeners`).
 */

/** Plays of a track on one day (UTC). */
export const trackListeningDays = pgTable(
  'track_listening_days',
  {
    trackId: uuid('track_id')
      .notNull()
      .references(() => tracks.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    /** Plays started. */
    plays: integer('plays').notNull().default(0),
    /** Plays in which at least 30 s were heard. */
    qualifiedPlays: integer('qualified_plays').notNull().default(0),
    /** Sum over plays of the fraction of the track each play covered (average = this / plays). */
    fractionSum: real('fraction_sum').notNull().default(0),
    /** Distinct listeners, written when the day is folded (older than yesterday); 0 before that. */
    uniqueListeners: integer('unique_listeners').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.trackId, t.day] })],
);

/** Seconds heard within one minute of a track on one day: the listening heatmap. */
export const trackListeningMinutes = pgTable(
  'track_listening_minutes',
  {
    trackId: uuid('track_id')
      .notNull()
      .references(() => tracks.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    minute: integer('minute').notNull(),
    seconds: real('seconds').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.trackId, t.day, t.minute] })],
);

/** Who listened on a day not yet folded, as a salted hash: counted, then deleted with the salt. */
export const trackListeners = pgTable(
  'track_listeners',
  {
    trackId: uuid('track_id')
      .notNull()
      .references(() => tracks.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    listenerKey: text('listener_key').notNull(),
  },
  (t) => [primaryKey({ columns: [t.trackId, t.day, t.listenerKey] })],
);

/** A random salt per day for the listener keys; gone once the day is folded. */
export const listeningSalts = pgTable('listening_salts', {
  day: date('day', { mode: 'string' }).primaryKey(),
  salt: text('salt').notNull(),
});

/** Batch ids already applied, so a batch sent twice counts once. Kept as long as a batch may come late. */
export const listeningBatches = pgTable('listening_batches', {
  id: uuid('id').primaryKey(),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
});
