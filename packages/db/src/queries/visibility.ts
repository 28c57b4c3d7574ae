import { and, eq, exists, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Role } from '../schema';
import { eventAttendees } from '../schema';

/**
 * Who is looking: a signed-in person with their role, or a guest holding a share link. A guest
 * has no account; which event or set the link opens is checked by the share procedures, this
 * scope only decides what of it a guest may see.
 */
export type ViewerScope = { userId: string; role: Role } | { role: 'guest' };

/**
 * SQL condition: the row (with these visibility and event columns) is visible to the viewer.
 * Admins see everything; members see `members` rows and `attendees` rows of events they attended;
 * guests of a share link see `members` and `attendees` rows (never drafts). No one but admins sees
 * a row that carries a takedown (`hiddenAt` set), whatever its visibility. Every non-admin, guests
 * included, goes through the same final expression, so a rule added to it applies to all of them.
 *
 * Callers pass the table itself (`visibleTo(viewer, images)`): a table with a `hiddenAt` column
 * brings it along, so every non-admin read of photos applies the takedown without naming it,
 * and a read written tomorrow cannot forget it.
 */
export function visibleTo(
  viewer: ViewerScope | AudienceClass,
  columns: { visibility: AnyPgColumn; eventId: AnyPgColumn; hiddenAt?: AnyPgColumn },
): SQL {
  if (typeof viewer === 'string') {
    if (viewer === 'admin') return sql`true`;
    return nonAdminRule(viewer === 'attendee' ? sql`true` : sql`false`, columns);
  }
  if (viewer.role === 'admin') return sql`true`;
  return nonAdminRule(
    viewer.role === 'guest' ? sql`true` : attendedBy(sql`${viewer.userId}`, columns),
    columns,
  );
}

/**
 * Viewers who see the same photos and sets of an event: admins; members who attended it (guests of
 * a share link see the same); members who did not. `visibleTo` takes a class in place of one viewer,
 * for what API processes remember once for everyone of the class (`readLibraryState`).
 */
export type AudienceClass = 'admin' | 'attendee' | 'member';

/**
 * The member rule of `visibleTo` with the member named by a column instead of a value, for
 * queries over many members at once (who may be told about a newly published gallery or set).
 */
export function visibleToMemberIn(
  userIdColumn: AnyPgColumn,
  columns: { visibility: AnyPgColumn; eventId: AnyPgColumn; hiddenAt?: AnyPgColumn },
): SQL {
  return nonAdminRule(attendedBy(sql`${userIdColumn}`, columns), columns);
}

function attendedBy(userId: SQL, columns: { eventId: AnyPgColumn }): SQL {
  return exists(
    sql`(select 1 from ${eventAttendees} where ${eventAttendees.eventId} = ${columns.eventId} and ${eventAttendees.userId} = ${userId})`,
  );
}

/** `attended`: SQL that is true where the viewer counts as an attendee of the row's event. */
function nonAdminRule(
  attended: SQL,
  columns: { visibility: AnyPgColumn; eventId: AnyPgColumn; hiddenAt?: AnyPgColumn },
): SQL {
  const byVisibility =
    or(eq(columns.visibility, 'members'), and(eq(columns.visibility, 'attendees'), attended)) ?? sql`false`;
  return columns.hiddenAt ? (and(isNull(columns.hiddenAt), byVisibility) ?? sql`false`) : byVisibility;
}
