import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Invite links travel to the mail worker inside a job payload, which lives in the database. Only
 * hashes of invite tokens may be stored there, so the link is sealed with AES-256-GCM under a key
 * derived from the auth secret: a database dump alone does not yield usable links.
 */
export function inviteLinkKey(authSecret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', authSecret, 'party-invite-mail', 'invite-link v1', 32));
}

export function sealInviteLink(key: Buffer, link: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([cipher.update(link, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

/** The link, or throws when the payload was sealed under another key or altered. */
export function openInviteLink(key: Buffer, sealed: string): string {
  const bytes = Buffer.from(sealed, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
  decipher.setAuthTag(bytes.subarray(12, 28));
  return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString('utf8');
}
