import { sql } from 'drizzle-orm';
import { bigint, boolean, check, pgTable } from 'drizzle-orm/pg-core';

/**
 * One row whose `version` rises with every committed change to what members browse: events and
 * their attendees, photos and their derivatives, sets, tracks, renditions and tracklists (triggers
 * in migration 0018). API processes keep what they read of these in memory and reuse it while this
 * number stays the same (`readLibraryState`), so a change is seen by the next request on every process.
 */
export const libraryVersion = pgTable(
  'library_version',
  {
    id: boolean('id').primaryKey().default(true),
    version: bigint('version', { mode: 'bigint' }).notNull().default(sql`0`),
  },
  (t) => [check('library_version_one_row', sql`${t.id}`)],
);
