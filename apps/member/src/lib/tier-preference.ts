export type StreamTier = 'medium' | 'high';

const key = (userId: string) => `party:stream-tier:${userId}`;

/** The member's chosen stream quality on this device; medium (MP3 192) unless they asked for more. */
export function readTierPreference(userId: string): StreamTier {
  return readTierChoice(userId) ?? 'medium';
}

/** The quality the member picked themselves on this device; null when they never chose. */
export function readTierChoice(userId: string): StreamTier | null {
  try {
    const stored = window.localStorage.getItem(key(userId));
    return stored === 'high' || stored === 'medium' ? stored : null;
  } catch {
    // Storage can be off (private mode, policies): the default is fine.
    return null;
  }
}

export function writeTierPreference(userId: string, tier: StreamTier) {
  try {
    window.localStorage.setItem(key(userId), tier);
  } catch {
    // Not remembered on this device, but still used for this visit.
  }
}
