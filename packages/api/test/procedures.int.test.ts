import { seedUser, useTestDatabase } from '@party/testing';
import { describe, expect, it } from 'vitest';
import { callerFor } from './helpers';

const { db } = await useTestDatabase();
const admin = await seedUser(db, { role: 'admin' });
const member = await seedUser(db, { role: 'member' });
const asAdmin = callerFor(db, { id: admin.id, email: admin.email, name: admin.name, role: 'admin' });
const asMember = callerFor(db, { id: member.id, email: member.email, name: member.name, role: 'member' });
const anonymous = callerFor(db, null);

describe('procedure ladder', () => {
  it('answers UNAUTHORIZED without a session and FORBIDDEN for members on admin procedures', async () => {
    await expect(anonymous.admin.members.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(asMember.admin.members.list()).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: 'Only admins of the community can do this.',
    });
    await expect(asMember.admin.invites.create({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('returns the viewer from account.me, null when signed out', async () => {
    await expect(anonymous.account.me()).resolves.toBeNull();
    await expect(asMember.account.me()).resolves.toMatchObject({ id: member.id, role: 'member' });
  });

  it('answers malformed input with BAD_REQUEST and field messages', async () => {
    await expect(asAdmin.admin.invites.create({ email: 'not-an-email' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(anonymous.invites.check({ token: 'x' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('admin.members', () => {
  it('lists accounts and disables and re-enables one, but never oneself', async () => {
    const list = await asAdmin.admin.members.list();
    expect(list.map((u) => u.id)).toEqual(expect.arrayContaining([admin.id, member.id]));
    await expect(asAdmin.admin.members.setDisabled({ userId: member.id, disabled: true })).resolves.toEqual({
      id: member.id,
      disabled: true,
    });
    await expect(
      asAdmin.admin.members.setDisabled({ userId: member.id, disabled: false }),
    ).resolves.toMatchObject({
      disabled: false,
    });
    await expect(
      asAdmin.admin.members.setDisabled({ userId: admin.id, disabled: true }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(
      asAdmin.admin.members.setDisabled({ userId: 'nobody', disabled: true }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
