import type { Invite } from '@party/db';
import { describe, expect, it } from 'vitest';
import { inviteProblem } from './invite-errors';
import { generateInviteToken, hashInviteToken } from './invite-token';

const HOUR = 60 * 60 * 1000;

function invite(overrides: Partial<Invite> = {}): Invite {
  return {
    id: '00000000-0000-0000-0000-000000000001',
    tokenHash: 'h',
    email: null,
    role: 'member',
    note: null,
    createdBy: null,
    createdAt: new Date(),
    expiresAt: new Date(Date.now() + HOUR),
    usedAt: null,
    usedByEmail: null,
    revokedAt: null,
    mailState: null,
    mailError: null,
    mailSentAt: null,
    sealedLink: null,
    reminderState: null,
    reminderError: null,
    remindedAt: null,
    ...overrides,
  };
}

describe('inviteProblem', () => {
  it('has nothing to say about an open invite', () => {
    expect(inviteProblem(invite())).toBeUndefined();
    expect(inviteProblem(invite({ email: 'A@x.test' }), 'a@X.test')).toBeUndefined();
  });

  it('explains each reason an invite cannot be used, revoked before used before expired', () => {
    expect(inviteProblem(undefined)).toMatch(/not valid/);
    expect(inviteProblem(invite({ expiresAt: new Date(Date.now() - 1) }))).toMatch(/expired/);
    expect(inviteProblem(invite({ usedAt: new Date(), expiresAt: new Date(0) }))).toMatch(
      /already been used/,
    );
    expect(inviteProblem(invite({ revokedAt: new Date(), usedAt: new Date() }))).toMatch(/withdrawn/);
    expect(inviteProblem(invite({ email: 'a@x.test' }), 'b@x.test')).toMatch(/for a@x.test/);
  });
});

describe('invite tokens', () => {
  it('are random, URL-safe, and stored only as a SHA-256 hex hash', () => {
    const a = generateInviteToken();
    const b = generateInviteToken();
    expect(a.token).not.toBe(b.token);
    expect(a.token).toMatch(/^[\w-]{32}$/);
    expect(a.tokenHash).toBe(hashInviteToken(a.token));
    expect(a.tokenHash).toMatch(/^[0-9a-f]{64}$/);
  });
});
