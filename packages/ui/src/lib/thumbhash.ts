import { thumbHashToDataURL } from 'thumbhash';

// Decoding a thumbhash into a PNG data URL costs a little CPU; galleries re-render the same
// tiles while scrolling, so each hash is decoded once per page life.
const cache = new Map<string, string | null>();
const MAX_ENTRIES = 5000;

/** The placeholder image of a base64 thumbhash, or null when there is none or it is malformed. */
export function thumbhashDataUrl(base64: string | null | undefined): string | null {
  if (!base64) return null;
  const cached = cache.get(base64);
  if (cached !== undefined) return cached;
  let url: string | null = null;
  try {
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    url = thumbHashToDataURL(bytes);
  } catch {
    url = null;
  }
  if (cache.size >= MAX_ENTRIES) cache.clear();
  cache.set(base64, url);
  return url;
}
