import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * The one-click unsubscribe link of notice mails names the person and carries an HMAC under a key
 * derived from the auth secret: it works without signing in, for as long as the secret stays the
 * same, and a token altered in any way (another person's id, a cut signature) is refused.
 */
export function unsubscribeKey(authSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', authSecret, 'party-unsubscribe', 'notice-unsubscribe v1', 32));
}

function signature(key: Buffer, userId: string): Buffer {
  return createHmac('sha256', key).update(`unsubscribe:${userId}`).digest();
}

/** `<user id, base64url>.<HMAC-SHA256, base64url>` */
export function signUnsubscribeToken(key: Buffer, userId: string): string {
  return `${Buffer.from(userId, 'utf8').toString('base64url')}.${signature(key, userId).toString('base64url')}`;
}

/** The user id the token was made for, or null when it is malformed or its signature does not match. */
export function verifyUnsubscribeToken(key: Buffer, token: string): string | null {
  if (token.length > 500) return null;
  const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match?.[1] || !match[2]) return null;
  const userId = Buffer.from(match[1], 'base64url').toString('utf8');
  // Re-encoding must give the same text: rejects non-canonical base64url that decodes alike.
  if (!userId || Buffer.from(userId, 'utf8').toString('base64url') !== match[1]) return null;
  const given = Buffer.from(match[2], 'base64url');
  const expected = signature(key, userId);
  return given.length === expected.length && timingSafeEqual(given, expected) ? userId : null;
}
