import { describe, expect, it } from 'vitest';
import { inviteLinkKey, openInviteLink, sealInviteLink } from './invite-link-seal';

const key = inviteLinkKey('a-secret-that-is-long-enough-0123456789');

describe('sealed invite links', () => {
  it('opens what it sealed, and the sealed form does not contain the link', () => {
    const link = 'http://127.0.0.1:3000/signup?invite=abcdefghijklmnopqrstuvwxyz012345';
    const sealed = sealInviteLink(key, link);
    expect(sealed).not.toContain('abcdefghijklmnop');
    expect(openInviteLink(key, sealed)).toBe(link);
  });

  it('refuses a payload sealed under another secret or altered', () => {
    const sealed = sealInviteLink(key, 'http://localhost:3000/signup?invite=x');
    expect(() => openInviteLink(inviteLinkKey('another-secret-that-is-long-enough-0000'), sealed)).toThrow();
    const altered = `${sealed.slice(0, -2)}${sealed.endsWith('A') ? 'B' : 'A'}A`;
    expect(() => openInviteLink(key, altered)).toThrow();
  });
});
