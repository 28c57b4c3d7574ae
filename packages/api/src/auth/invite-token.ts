import { createHash, randomBytes } from 'node:crypto';

/** A new invite secret (shown to the admin once) and the hash that is stored instead of it. */
export function generateInviteToken(): { token: string; tokenHash: string } {
  const token = randomBytes(24).toString('base64url');
  return { token, tokenHash: hashInviteToken(token) };
}

export function hashInviteToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
