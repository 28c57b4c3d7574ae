import { sql } from 'drizzle-orm';
import type { Database } from '../client';
import { eventAttendees, libraryVersion } from '../schema';

/** What a request that reads the library from memory learns first, in one statement. */
export interface LibraryState {
  /** Rises with every committed change to events, attendees, photos, sets, tracks and their files. */
  version: bigint;
  /** The events this member attended (none for `userId` null). */
  attended: ReadonlySet<string>;
}

/**
 * The library version (migration 0018's triggers raise it in the transaction of every change,
 * at its commit) and the events the member attended. Read before whatever is then remembered under
 * that version, so what is remembered is never older than the version it is filed under.
 */
export async function readLibraryState(db: Database, userId: string | null): Promise<LibraryState> {
  const [row] = await db
    .select({
      version: libraryVersion.version,
      attended:
        userId === null
          ? sql<string[]>`'{}'::text[]`
          : sql<
              string[]
            >`array(select ${eventAttendees.eventId}::text from ${eventAttendees} where ${eventAttendees.userId} = ${userId})`,
    })
    .from(libraryVersion);
  if (!row) throw new Error('library_version has no row (migration 0018 inserts it)');
  return { version: row.version, attended: new Set(row.attended) };
}
