import { and, eq, exists, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Role } from '../schema';
import { eventAttendees } from '../schema';

export interface ViewerScope {
  userId: string;
  role: Role;
}

/**
 * SQL condition: the row (with these visibility and event columns) is visible to the viewer.
 * Admins see everything; members see `members` rows and `attendees` rows of events they attended.
 */
export function visibleTo(
  viewer: ViewerScope,
  columns: { visibility: AnyPgColumn; eventId: AnyPgColumn },
): SQL {
  if (viewer.role === 'admin') return sql`true`;
  return (
    or(
      eq(columns.visibility, 'members'),
      and(
        eq(columns.visibility, 'attendees'),
        exists(
          sql`(select 1 from ${eventAttendees} where ${eventAttendees.eventId} = ${columns.eventId} and ${eventAttendees.userId} = ${viewer.userId})`,
        ),
      ),
    ) ?? sql`false`
  );
}
