import { and, eq, exists, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Role } from '../schema';
import { eventAttendees } from '../schema';

export interface ViewerScope {
  userId: string;
  role: Role;
}

/**
 * SQL condition: the row (with these visibility and event columns) is visible to the viewer.
 * Admins see everything; members see `members` rows and `attendees` rows of events they attended,
 * and never a row that carries a takedown (`hiddenAt` set), whatever its visibility.
 *
 * Callers pass the table itself (`visibleTo(viewer, images)`): a table with a `hiddenAt` column
 * brings it along, so every member-facing read of photos applies the takedown without naming it,
 * and a read written tomorrow cannot forget it.
 */
export function visibleTo(
  viewer: ViewerScope,
  columns: { visibility: AnyPgColumn; eventId: AnyPgColumn; hiddenAt?: AnyPgColumn },
): SQL {
  if (viewer.role === 'admin') return sql`true`;
  const byVisibility =
    or(
      eq(columns.visibility, 'members'),
      and(
        eq(columns.visibility, 'attendees'),
        exists(
          sql`(select 1 from ${eventAttendees} where ${eventAttendees.eventId} = ${columns.eventId} and ${eventAttendees.userId} = ${viewer.userId})`,
        ),
      ),
    ) ?? sql`false`;
  return columns.hiddenAt ? (and(isNull(columns.hiddenAt), byVisibility) ?? sql`false`) : byVisibility;
}
