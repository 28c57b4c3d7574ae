import {
  type AudienceClass,
  type Database,
  type LibraryState,
  readLibraryState,
  type ViewerScope,
} from '@party/db';
import type { Viewer } from './context';

export function viewerScope(viewer: Viewer): ViewerScope {
  return { userId: viewer.id, role: viewer.role };
}

/**
 * What a guest with a share link may see of the linked event or set: everything a member could
 * be shown there, never drafts (and whatever else `visibleTo` withholds from non-admins).
 */
export function guestScope(): ViewerScope {
  return { role: 'guest' };
}

/**
 * The audience class of a viewer for one event (null: a set recorded at none), given the events
 * they attended (`libraryStateFor`).
 */
export function audienceOf(
  viewer: Viewer,
  attended: ReadonlySet<string>,
  eventId: string | null,
): AudienceClass {
  if (viewer.role === 'admin') return 'admin';
  return eventId !== null && attended.has(eventId) ? 'attendee' : 'member';
}

/** The library version and the events this viewer attended (admins see every event as admins). */
export function libraryStateFor(db: Database, viewer: Viewer): Promise<LibraryState> {
  return readLibraryState(db, viewer.role === 'admin' ? null : viewer.id);
}
