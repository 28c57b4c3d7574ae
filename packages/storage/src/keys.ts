import { randomUUID } from 'node:crypto';

/*
 * Object key layout of the one private bucket. Keys hold ids only, never user-supplied names, so
 * a hostile file name can never reach a key.
 *
 *   originals/<uuid>                               what the admin uploaded, never altered
 *   derived/images/<imageId>/<variant>.<ext>       thumbnails and previews
 *   derived/tracks/<trackId>/<tier>.<ext>          pre-encoded audio tiers
 *   derived/tracks/<trackId>/peaks.json            waveform peaks, overview (drawn first)
 *   derived/tracks/<trackId>/peaks-detail.json     waveform peaks, detail (fetched on zoom)
 *   derived/sets/<setId>/cover.<ext>               a music set's cover from a track's embedded art
 *   derived/sets/<setId>/cover-<uploadId>.webp     a music set's cover uploaded by an admin
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SAFE_PART = /^[a-z0-9-]{1,40}$/;
export const ORIGINALS_PREFIX = 'originals/';

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

function assertUuid(value: string, what: string) {
  if (!UUID.test(value)) throw new Error(`${what} must be a UUID, got ${JSON.stringify(value)}`);
}

function assertPart(value: string, what: string) {
  if (!SAFE_PART.test(value))
    throw new Error(`${what} must match ${SAFE_PART}, got ${JSON.stringify(value)}`);
}

/** A new key for an original upload. */
export function newOriginalKey(): string {
  return `${ORIGINALS_PREFIX}${randomUUID()}`;
}

/** The original key for a tus upload id seen in a URL, or undefined if it is not one of ours. */
export function originalKeyFromUrlId(urlId: string): string | undefined {
  return UUID.test(urlId) ? `${ORIGINALS_PREFIX}${urlId}` : undefined;
}

/** The URL id (the uuid) of an original key. */
export function urlIdFromOriginalKey(key: string): string {
  const id = key.slice(ORIGINALS_PREFIX.length);
  assertUuid(id, 'original key id');
  return id;
}

export function imageVariantKey(imageId: string, variant: string, ext: string): string {
  assertUuid(imageId, 'imageId');
  assertPart(variant, 'variant');
  assertPart(ext, 'ext');
  return `derived/images/${imageId}/${variant}.${ext}`;
}

export function trackRenditionKey(trackId: string, tier: string, ext: string): string {
  assertUuid(trackId, 'trackId');
  assertPart(tier, 'tier');
  assertPart(ext, 'ext');
  return `derived/tracks/${trackId}/${tier}.${ext}`;
}

export function trackPeaksKey(trackId: string): string {
  assertUuid(trackId, 'trackId');
  return `derived/tracks/${trackId}/peaks.json`;
}

export function trackPeaksDetailKey(trackId: string): string {
  assertUuid(trackId, 'trackId');
  return `derived/tracks/${trackId}/peaks-detail.json`;
}

/**
 * The key of a set's cover. An uploaded cover carries the upload's id (`version`): a replacement
 * gets a new key, so a URL of the old cover (identical for minutes, cached by browsers) never
 * shows the old picture under the new cover's name, a retried job rewrites its own key only, and
 * embedded art of a later track can never write over an admin's cover.
 */
export function setCoverKey(setId: string, ext: string, version?: string): string {
  assertUuid(setId, 'setId');
  assertPart(ext, 'ext');
  if (version === undefined) return `derived/sets/${setId}/cover.${ext}`;
  assertUuid(version, 'cover version');
  return `derived/sets/${setId}/cover-${version}.${ext}`;
}
