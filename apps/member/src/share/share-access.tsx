import { createContext, useContext } from 'react';

/** What a guest's calls carry: the share link's token and, for a link with a password, its access key. */
export interface ShareAccess {
  token: string;
  access?: string;
  allowDownload: boolean;
}

/**
 * Set on a guest's share page: the gallery, lightbox, player and download buttons it shares with
 * the member app then ask the `share.*` procedures (with the token) instead of the member ones.
 */
export const ShareAccessContext = createContext<ShareAccess | null>(null);

export function useShareAccess(): ShareAccess | null {
  return useContext(ShareAccessContext);
}

const STORAGE_PREFIX = 'party.share.';

/** The access key of a password link, kept for this browser tab only (sessionStorage). */
export function rememberedAccess(token: string): string | undefined {
  try {
    return sessionStorage.getItem(STORAGE_PREFIX + token) ?? undefined;
  } catch {
    return undefined;
  }
}

export function rememberAccess(token: string, access: string): void {
  try {
    sessionStorage.setItem(STORAGE_PREFIX + token, access);
  } catch {
    // Private mode without storage: the guest types the password again after a reload.
  }
}
