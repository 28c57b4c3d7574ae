import { addAttendeesByEmail, findUserByEmail, saveListeningPosition, schema } from '@party/db';
import { createMediaDelivery } from '@party/storage';
import {
  recordingJobQueue,
  seedEvent,
  seedImage,
  seedMusicSet,
  seedTrack,
  seedUser,
  useTestDatabase,
} from '@party/testing';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { type Context, createContext } from '../src/context';
import { createCaller } from '../src/root';
import {
  asViewer,
  callerFor,
  MEDIA_TOKEN_KEY,
  PUBLIC_URL,
  postAuth,
  testAuth,
  unusedStorage,
} from './helpers';

const { db } = await useTestDatabase();
const auth = testAuth(db);

const adminRow = await seedUser(db, { role: 'admin', email: 'first-admin@test.local' });
const admin = callerFor(db, asViewer(adminRow));

const event = await seedEvent(db, { title: 'Rooftop night', createdBy: adminRow.id });
const set = await seedMusicSet(db, { visibility: 'members', title: 'Rooftop set' });
const track = await seedTrack(db, { setId: set.id, title: 'Rooftop mix' });

/** A person who joined through an invite, attended, listened and is signed in (a real session). */
async function joinedMember(email: string) {
  const invite = await admin.admin.invites.create({ role: 'member', email });
  const token = new URL(invite.url).searchParams.get('invite') ?? '';
  const signUp = await postAuth(auth, '/sign-up/email', {
    email,
    password: 'a-long-password',
    name: 'Mira Member',
    inviteToken: token,
  });
  if (signUp.status !== 200) throw new Error(`sign-up failed: ${signUp.status}`);
  const cookie = signUp.headers.getSetCookie()[0]?.split(';')[0] ?? '';
  const user = await findUserByEmail(db, email);
  if (!user) throw new Error('no user');
  await addAttendeesByEmail(db, event.id, [email]);
  await saveListeningPosition(db, { userId: user.id, trackId: track.id, positionSeconds: 1234.5 });
  return { user, cookie, inviteId: invite.id };
}

const contextFor = (cookie: string): Promise<Context> =>
  createContext({
    db,
    auth,
    delivery: createMediaDelivery({ mode: 'presigned', ...unusedStorage, tokenKey: MEDIA_TOKEN_KEY }),
    storage: unusedStorage,
    jobs: recordingJobQueue(),
    publicUrl: PUBLIC_URL,
    headers: new Headers({ cookie }),
  });

async function rowsOf(userId: string) {
  const [users, sessions, accounts, attendances, positions] = await Promise.all([
    db.select().from(schema.user).where(eq(schema.user.id, userId)),
    db.select().from(schema.session).where(eq(schema.session.userId, userId)),
    db.select().from(schema.account).where(eq(schema.account.userId, userId)),
    db.select().from(schema.eventAttendees).where(eq(schema.eventAttendees.userId, userId)),
    db.select().from(schema.listeningPositions).where(eq(schema.listeningPositions.userId, userId)),
  ]);
  return {
    users: users.length,
    sessions: sessions.length,
    accounts: accounts.length,
    attendances: attendances.length,
    positions: positions.length,
  };
}

describe('exporting one’s data', () => {
  it('gives the account, sign-in methods, sessions, attendances, listening positions and invite, never secrets', async () => {
    const { user, cookie } = await joinedMember('export.me@test.local');
    const me = createCaller(await contextFor(cookie));
    const data = await me.account.export();
    expect(data.account).toMatchObject({
      id: user.id,
      email: 'export.me@test.local',
      name: 'Mira Member',
      role: 'member',
    });
    expect(data.logins).toEqual([expect.objectContaining({ provider: 'credential' })]);
    expect(data.sessions).toHaveLength(1);
    expect(data.attendances).toEqual([
      expect.objectContaining({ eventId: event.id, event: 'Rooftop night' }),
    ]);
    expect(data.listeningPositions).toEqual([
      expect.objectContaining({
        trackId: track.id,
        track: 'Rooftop mix',
        set: 'Rooftop set',
        positionSeconds: 1234.5,
      }),
    ]);
    expect(data.invite).toMatchObject({ role: 'member', usedAt: expect.any(Date) });
    const [credential] = await db.select().from(schema.account).where(eq(schema.account.userId, user.id));
    const [session] = await db.select().from(schema.session).where(eq(schema.session.userId, user.id));
    const json = JSON.stringify(data);
    expect(credential?.password).toBeTruthy();
    expect(json).not.toContain(credential?.password ?? '-');
    expect(json).not.toContain(session?.token ?? '-');
  });

  it('is for the signed-in person only; admins export any member', async () => {
    const { user } = await joinedMember('exported.by.admin@test.local');
    await expect(callerFor(db, null).account.export()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    const other = await seedUser(db);
    await expect(
      callerFor(db, asViewer(other)).admin.members.export({ userId: user.id }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect((await admin.admin.members.export({ userId: user.id })).account.id).toBe(user.id);
    await expect(admin.admin.members.export({ userId: 'no-such-user' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('deleting one’s account', () => {
  it('needs the e-mail address typed as confirmation', async () => {
    const { user, cookie } = await joinedMember('careful@test.local');
    const me = createCaller(await contextFor(cookie));
    await expect(me.account.delete({ confirmEmail: 'someone@else.local' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    expect((await rowsOf(user.id)).users).toBe(1);
  });

  it('erases the personal rows, ends every session and anonymises the invite it joined with', async () => {
    const { user, cookie, inviteId } = await joinedMember('leaving@test.local');
    expect(await rowsOf(user.id)).toEqual({
      users: 1,
      sessions: 1,
      accounts: 1,
      attendances: 1,
      positions: 1,
    });
    const me = createCaller(await contextFor(cookie));
    expect(await me.account.delete({ confirmEmail: ' Leaving@Test.local ' })).toEqual({ deleted: true });

    expect(await rowsOf(user.id)).toEqual({
      users: 0,
      sessions: 0,
      accounts: 0,
      attendances: 0,
      positions: 0,
    });
    expect((await contextFor(cookie)).viewer).toBeNull();
    const [invite] = await db.select().from(schema.invites).where(eq(schema.invites.id, inviteId));
    expect(invite).toMatchObject({ usedByEmail: null, email: null, usedAt: expect.any(Date) });
    expect(JSON.stringify(await admin.admin.invites.list())).not.toContain('leaving@test.local');
    // The address can join again later with a new invite.
    expect(await findUserByEmail(db, 'leaving@test.local')).toBeUndefined();
  });

  it('revokes an unused invite addressed to the person instead of opening it to anyone', async () => {
    const { user, cookie } = await joinedMember('twice@test.local');
    const spare = await admin.admin.invites.create({ role: 'member', email: 'twice@test.local' });
    await createCaller(await contextFor(cookie)).account.delete({ confirmEmail: 'twice@test.local' });
    expect((await rowsOf(user.id)).users).toBe(0);
    const listed = (await admin.admin.invites.list()).find((i) => i.id === spare.id);
    expect(listed).toMatchObject({ email: null, status: 'revoked' });
  });
});

describe('admins deleting accounts', () => {
  it('deletes a member the same way', async () => {
    const { user, cookie } = await joinedMember('removed@test.local');
    expect(await admin.admin.members.delete({ userId: user.id })).toEqual({ deleted: true });
    expect(await rowsOf(user.id)).toEqual({
      users: 0,
      sessions: 0,
      accounts: 0,
      attendances: 0,
      positions: 0,
    });
    expect((await contextFor(cookie)).viewer).toBeNull();
    await expect(admin.admin.members.delete({ userId: user.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('keeps what an admin created, without its creator', async () => {
    const second = await seedUser(db, { role: 'admin' });
    const ownEvent = await seedEvent(db, { createdBy: second.id });
    const photo = await seedImage(db, { eventId: ownEvent.id, createdBy: second.id, visibility: 'members' });
    await admin.admin.members.delete({ userId: second.id });
    const [kept] = await db.select().from(schema.images).where(eq(schema.images.id, photo.id));
    expect(kept).toMatchObject({ id: photo.id, createdBy: null });
    const [keptEvent] = await db.select().from(schema.events).where(eq(schema.events.id, ownEvent.id));
    expect(keptEvent).toMatchObject({ createdBy: null });
  });

  it('refuses one’s own account here and the last admin anywhere', async () => {
    await expect(admin.admin.members.delete({ userId: adminRow.id })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(admin.account.delete({ confirmEmail: adminRow.email })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect((await rowsOf(adminRow.id)).users).toBe(1);
  });
});
