import { createHash, createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, length: number) => Promise<Buffer>;
const KEY_LENGTH = 32;

/**
 * A new share-link secret (256 random bits, shown to the admin once) and the SHA-256 that is
 * stored instead of it, the way invites store theirs.
 */
export function generateShareToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashShareToken(token) };
}

export function hashShareToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** `scrypt$<salt>$<hash>` of a share link's password (salted, slow on purpose). */
export async function hashSharePassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password.normalize('NFKC'), salt, KEY_LENGTH);
  return `scrypt$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

export async function verifySharePassword(password: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scryptAsync(
    password.normalize('NFKC'),
    Buffer.from(salt, 'base64url'),
    expected.length,
  );
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/**
 * The key a guest holds after typing the right password, sent with every later call instead of
 * the password: an HMAC of the link's id under its password hash. Only the server can make one,
 * and a new password (a new hash) would void every key given out before.
 */
export function shareAccessKey(link: { id: string; passwordHash: string }): string {
  return createHmac('sha256', link.passwordHash).update(`share-access:${link.id}`).digest('base64url');
}

export function isShareAccessKey(link: { id: string; passwordHash: string }, given: string): boolean {
  const expected = Buffer.from(shareAccessKey(link));
  const actual = Buffer.from(given);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
