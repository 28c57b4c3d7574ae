import type { ViewerScope } from '@party/db';
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
