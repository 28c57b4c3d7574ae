/**
 * The member's playback settings on this device (like the stream tier in ./tier-preference):
 * loudness matching on or off, and the volume. Storage can be off (private mode, policies): then
 * the defaults apply and a change still holds for this visit.
 */

const loudnessKey = (userId: string) => `party:loudness-matching:${userId}`;
const volumeKey = (userId: string) => `party:volume:${userId}`;

/** Loudness matching is on unless the member turned it off. */
export function readLoudnessMatching(userId: string): boolean {
  try {
    return window.localStorage.getItem(loudnessKey(userId)) !== 'off';
  } catch {
    return true;
  }
}

export function writeLoudnessMatching(userId: string, enabled: boolean) {
  try {
    window.localStorage.setItem(loudnessKey(userId), enabled ? 'on' : 'off');
  } catch {}
}

/** 0..1; full volume unless the member turned it down. */
export function readVolume(userId: string): number {
  try {
    const stored = window.localStorage.getItem(volumeKey(userId));
    const value = stored === null ? 1 : Number(stored);
    return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 1;
  } catch {
    return 1;
  }
}

export function writeVolume(userId: string, volume: number) {
  try {
    window.localStorage.setItem(volumeKey(userId), String(volume));
  } catch {}
}
