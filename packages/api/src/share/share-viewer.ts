/*
 * Media URLs name their viewer (proxy tokens check it against the request). A guest has no
 * account: their URLs name the share link instead, `share:<link id>`, and `/media` checks that the
 * link still opens rather than asking for a session. Account ids never contain a colon.
 */
const SHARE_VIEWER_PREFIX = 'share:';

export function shareViewerId(linkId: string): string {
  return `${SHARE_VIEWER_PREFIX}${linkId}`;
}

export function isShareViewer(viewerId: string): boolean {
  return viewerId.startsWith(SHARE_VIEWER_PREFIX);
}

/** The link id a guest's media token names, or null for a member's token. */
export function shareLinkIdOfViewer(viewerId: string): string | null {
  return isShareViewer(viewerId) ? viewerId.slice(SHARE_VIEWER_PREFIX.length) : null;
}
