import { sql } from 'drizzle-orm';
import { check, index, pgTable, real, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { user } from './auth';
import { images } from './images';
import { musicSets, tracks } from './music';

/**
 * A member's favourite: a photo, a set, or a moment of a track ("that track at 1:02:03"). A moment
 * keeps its time and the tracklist entry's words as they were, because an admin's tracklist edit
 * replaces the cue points. Who can still see the target is decided at every read, so a favourite
 * of something taken away (unpublished, hidden) disappears and returns with it.
 */
export const favourites = pgTable(
  'favourites',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    /** Exactly one of `imageId`, `setId`, `trackId` is set (the check below). */
    imageId: uuid('image_id').references(() => images.id, { onDelete: 'cascade' }),
    setId: uuid('set_id').references(() => musicSets.id, { onDelete: 'cascade' }),
    trackId: uuid('track_id').references(() => tracks.id, { onDelete: 'cascade' }),
    /** For a moment: where in the track, in seconds. */
    positionSeconds: real('position_seconds'),
    /** For a moment: the tracklist entry ("Artist – Title") when it was saved. */
    label: text('label'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check(
      'favourites_one_target',
      sql`num_nonnulls(${t.imageId}, ${t.setId}, ${t.trackId}) = 1 and (${t.trackId} is null) = (${t.positionSeconds} is null)`,
    ),
    uniqueIndex('favourites_user_image_idx').on(t.userId, t.imageId).where(sql`${t.imageId} is not null`),
    uniqueIndex('favourites_user_set_idx').on(t.userId, t.setId).where(sql`${t.setId} is not null`),
    uniqueIndex('favourites_user_moment_idx')
      .on(t.userId, t.trackId, t.positionSeconds)
      .where(sql`${t.trackId} is not null`),
    index('favourites_user_created_idx').on(t.userId, t.createdAt),
  ],
);
