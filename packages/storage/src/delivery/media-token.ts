import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * Signed tokens for `/media/<token>`, the proxy fallback of presigned URLs. A tRPC procedure
 * that has already checked visibility issues one; the proxy only checks the signature, the expiry
 * and that the request's session belongs to the viewer named in it. A member who may not see an
 * object never gets a token for it, and a token is useless with anyone else's session.
 *
 * Format: `<base64url(JSON payload)>.<base64url(HMAC-SHA256(key, payload part))>`.
 */
export interface MediaTokenPayload {
  /** Object key in the bucket. */
  key: string;
  /** Id of the viewer the token was issued to. */
  viewerId: string;
  /** Expiry, as a Unix time in seconds. */
  expiresAt: number;
  /** Offer the object as a download under this name (Content-Disposition: attachment). */
  downloadName?: string;
  /** Content-Type to answer with instead of the object's stored one. */
  contentType?: string;
}

interface WirePayload {
  k: string;
  u: string;
  e: number;
  d?: string;
  t?: string;
}

/** Why a token was refused: `invalid` (malformed or forged) or `expired`. */
export type MediaTokenResult =
  | { ok: true; payload: MediaTokenPayload }
  | { ok: false; reason: 'invalid' | 'expired' };

/**
 * The HMAC key for media tokens, derived from the app's auth secret (HKDF), so one configured
 * secret serves both and a media token can never double as a session signature.
 */
export function mediaTokenKey(authSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', authSecret, 'party-media', 'media-token v1', 32));
}

function mac(key: Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** Signs a token. Equal inputs give equal tokens (browsers can cache by URL). */
export function signMediaToken(key: Buffer, payload: MediaTokenPayload): string {
  const wire: WirePayload = { k: payload.key, u: payload.viewerId, e: payload.expiresAt };
  if (payload.downloadName !== undefined) wire.d = payload.downloadName;
  if (payload.contentType !== undefined) wire.t = payload.contentType;
  const body = Buffer.from(JSON.stringify(wire)).toString('base64url');
  return `${body}.${mac(key, body).toString('base64url')}`;
}

const TOKEN = /^([A-Za-z0-9_-]{1,4096})\.([A-Za-z0-9_-]{43})$/;

/** Verifies a token's signature (constant time) and expiry. */
export function verifyMediaToken(key: Buffer, token: string, now = new Date()): MediaTokenResult {
  const match = TOKEN.exec(token);
  if (!match?.[1] || !match[2]) return { ok: false, reason: 'invalid' };
  const body = match[1];
  const given = Buffer.from(match[2], 'base64url');
  const expected = mac(key, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'invalid' };
  }
  let wire: Partial<WirePayload>;
  try {
    wire = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<WirePayload>;
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (typeof wire.k !== 'string' || typeof wire.u !== 'string' || typeof wire.e !== 'number') {
    return { ok: false, reason: 'invalid' };
  }
  if (wire.e * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return {
    ok: true,
    payload: {
      key: wire.k,
      viewerId: wire.u,
      expiresAt: wire.e,
      downloadName: typeof wire.d === 'string' ? wire.d : undefined,
      contentType: typeof wire.t === 'string' ? wire.t : undefined,
    },
  };
}
