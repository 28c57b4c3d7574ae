import { findUserByEmail } from '@party/db';
import { seedUser, useTestDatabase } from '@party/testing';
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { createUserWithPassword } from '../src/auth/create-user';
import { callerFor, errorMessage, postAuth, testAuth } from './helpers';

const { db } = await useTestDatabase();
const auth = testAuth(db);
const admin = await seedUser(db, { role: 'admin', email: 'boss@test.local' });
const adminCaller = callerFor(db, { id: admin.id, email: admin.email, name: admin.name, role: 'admin' });

function tokenOf(url: string): string {
  return new URL(url).searchParams.get('invite') ?? '';
}

describe('invite-only sign-up', () => {
  it('signs up a member with a valid invite, once', async () => {
    const invite = await adminCaller.admin.invites.create({ role: 'member', expiresInDays: 7 });
    expect(invite.url).toMatch(/^http:\/\/localhost:3000\/signup\?invite=/);
    const token = tokenOf(invite.url);
    await expect(callerFor(db, null).invites.check({ token })).resolves.toMatchObject({ role: 'member' });

    const first = await postAuth(auth, '/sign-up/email', {
      email: 'New.Member@test.local',
      password: 'a-long-password',
      name: 'New Member',
      inviteToken: token,
    });
    expect(first.status).toBe(200);
    expect(first.headers.get('set-cookie')).toMatch(/HttpOnly/i);
    const created = await findUserByEmail(db, 'new.member@test.local');
    expect(created).toMatchObject({ role: 'member', disabled: false });

    const second = await postAuth(auth, '/sign-up/email', {
      email: 'another@test.local',
      password: 'a-long-password',
      name: 'Another',
      inviteToken: token,
    });
    expect(second.status).toBe(400);
    expect(errorMessage(second.json)).toMatch(/already been used/);
    expect(await findUserByEmail(db, 'another@test.local')).toBeUndefined();

    const listed = await adminCaller.admin.invites.list();
    expect(listed.find((i) => i.id === invite.id)).toMatchObject({
      status: 'used',
      usedByEmail: 'new.member@test.local',
    });
    expect(listed[0]).not.toHaveProperty('tokenHash');
  });

  it('refuses sign-up without an invite or with a forged one, and ignores a role in the body', async () => {
    const none = await postAuth(auth, '/sign-up/email', {
      email: 'x@test.local',
      password: 'a-long-password',
      name: 'X',
    });
    expect(none.status).toBe(400);
    expect(errorMessage(none.json)).toMatch(/needs an invite/);

    const forged = await postAuth(auth, '/sign-up/email', {
      email: 'x@test.local',
      password: 'a-long-password',
      name: 'X',
      inviteToken: 'not-a-real-token-at-all',
    });
    expect(forged.status).toBe(400);
    expect(errorMessage(forged.json)).toMatch(/not valid/);

    const invite = await adminCaller.admin.invites.create({ role: 'member', expiresInDays: 7 });
    const escalate = await postAuth(auth, '/sign-up/email', {
      email: 'sneaky@test.local',
      password: 'a-long-password',
      name: 'Sneaky',
      role: 'admin',
      inviteToken: tokenOf(invite.url),
    });
    // better-auth drops fields marked `input: false`: the account exists, with the invite's role.
    expect(escalate.status).toBe(200);
    expect(await findUserByEmail(db, 'sneaky@test.local')).toMatchObject({ role: 'member' });
  });

  it('refuses an expired, a revoked and an address-bound invite used by someone else', async () => {
    const expired = await adminCaller.admin.invites.create({ expiresInDays: 1 });
    await db.execute(
      `update invites set expires_at = now() - interval '1 minute' where id = '${expired.id}'`,
    );
    const check = callerFor(db, null).invites.check({ token: tokenOf(expired.url) });
    await expect(check).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringMatching(/expired/),
    });
    const expiredSignUp = await postAuth(auth, '/sign-up/email', {
      email: 'late@test.local',
      password: 'a-long-password',
      name: 'Late',
      inviteToken: tokenOf(expired.url),
    });
    expect(errorMessage(expiredSignUp.json)).toMatch(/expired/);

    const revoked = await adminCaller.admin.invites.create({});
    await adminCaller.admin.invites.revoke({ id: revoked.id });
    await expect(adminCaller.admin.invites.revoke({ id: revoked.id })).rejects.toBeInstanceOf(TRPCError);
    const revokedSignUp = await postAuth(auth, '/sign-up/email', {
      email: 'r@test.local',
      password: 'a-long-password',
      name: 'R',
      inviteToken: tokenOf(revoked.url),
    });
    expect(errorMessage(revokedSignUp.json)).toMatch(/withdrawn/);

    const bound = await adminCaller.admin.invites.create({ email: 'only.me@test.local' });
    const wrongPerson = await postAuth(auth, '/sign-up/email', {
      email: 'someone.else@test.local',
      password: 'a-long-password',
      name: 'Else',
      inviteToken: tokenOf(bound.url),
    });
    expect(errorMessage(wrongPerson.json)).toMatch(/only.me@test.local/);
    const rightPerson = await postAuth(auth, '/sign-up/email', {
      email: 'only.me@test.local',
      password: 'a-long-password',
      name: 'Me',
      inviteToken: tokenOf(bound.url),
    });
    expect(rightPerson.status).toBe(200);
  });

  it('gives an admin invite the admin role', async () => {
    const invite = await adminCaller.admin.invites.create({ role: 'admin' });
    const res = await postAuth(auth, '/sign-up/email', {
      email: 'second.admin@test.local',
      password: 'a-long-password',
      name: 'Second Admin',
      inviteToken: tokenOf(invite.url),
    });
    expect(res.status).toBe(200);
    expect(await findUserByEmail(db, 'second.admin@test.local')).toMatchObject({ role: 'admin' });
  });
});

describe('sign-in', () => {
  it('rejects a wrong password with a clear message and disabled accounts entirely', async () => {
    const { id } = await createUserWithPassword(auth, {
      email: 'login@test.local',
      password: 'correct-horse-battery',
      name: 'Login',
      role: 'member',
    });
    const wrong = await postAuth(
      auth,
      '/sign-in/email',
      { email: 'login@test.local', password: 'nope-nope-nope' },
      { ip: '198.51.100.1' },
    );
    expect(wrong.status).toBe(401);
    expect(errorMessage(wrong.json)).toMatch(/invalid email or password/i);

    const ok = await postAuth(
      auth,
      '/sign-in/email',
      { email: 'login@test.local', password: 'correct-horse-battery' },
      { ip: '198.51.100.1' },
    );
    expect(ok.status).toBe(200);

    await adminCaller.admin.members.setDisabled({ userId: id, disabled: true });
    const disabled = await postAuth(
      auth,
      '/sign-in/email',
      { email: 'login@test.local', password: 'correct-horse-battery' },
      { ip: '198.51.100.2' },
    );
    expect(disabled.status).toBe(403);
    expect(errorMessage(disabled.json)).toMatch(/disabled/);
  });

  it("applies the configured limit, not better-auth's built-in 3 per 10 s", async () => {
    const generous = testAuth(db, { window: 60, max: 50 });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await postAuth(
        generous,
        '/sign-in/email',
        { email: 'nobody@test.local', password: 'whatever-pass' },
        { ip: '192.0.2.200' },
      );
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401]);
  });

  it('rate-limits repeated sign-in attempts per client address', async () => {
    const limited = testAuth(db, { window: 60, max: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await postAuth(
        limited,
        '/sign-in/email',
        { email: 'nobody@test.local', password: 'whatever-pass' },
        { ip: '192.0.2.99' },
      );
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.slice(3)).toEqual([429, 429]);
    const otherClient = await postAuth(
      limited,
      '/sign-in/email',
      { email: 'nobody@test.local', password: 'whatever-pass' },
      { ip: '192.0.2.100' },
    );
    expect(otherClient.status).toBe(401);
  });
});
