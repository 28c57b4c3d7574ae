import type { ViewerScope } from '@party/db';
import type { Viewer } from './context';

export function viewerScope(viewer: Viewer): ViewerScope {
  return { userId: viewer.id, role: viewer.role };
}
