import { sql } from 'drizzle-orm';
import { bigint, boolean, check, pgTable } from 'drizzle-orm/pg-core';

/**
 * One row whose `version` rises with every committed change to what members' galleries show
 * (events, their attendees, photos and their derivatives; triggers in migration 0018). API processes
 * keep what they read of the galleries in memory and reuse it while this number stays the same, so
 * a change is seen by the next request on every process (`readGalleryState`).
 */
export const galleryVersion = pgTable(
  'gallery_version',
  {
    id: boolean('id').primaryKey().default(true),
    version: bigint('version', { mode: 'bigint' }).notNull().default(sql`0`),
  },
  (t) => [check('gallery_version_one_row', sql`${t.id}`)],
);
