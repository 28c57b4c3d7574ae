import { randomUUID } from 'node:crypto';
import { applyAttendanceUpsert, applyEventUpsert, findUserByEmail, schema } from '@party/db';
import { seedImage, seedUser, useTestDatabase } from '@party/testing';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { callerFor, postAuth, testAuth } from './helpers';

const { db } = await useTestDatabase();
const auth = testAuth(db);
const admin = await seedUser(db, { role: 'admin', email: 'boss@test.local' });
const adminCaller = callerFor(db, { id: admin.id, email: admin.email, name: admin.name, role: 'admin' });

async function syncedEvent(title = 'Synced night') {
  const externalId = `evt-${randomUUID()}`;
  await applyEventUpsert(db, {
    externalId,
    title,
    date: '2026-11-20',
    venue: 'Pier 7',
    slug: `synced-${externalId.slice(4, 12)}`,
    updatedAt: new Date('2026-10-01T10:00:00Z'),
  });
  const event = await db.query.events.findFirst({ where: eq(schema.events.externalId, externalId) });
  if (!event) throw new Error('no event');
  return event;
}

async function pendingFor(email: string) {
  const event = await syncedEvent();
  const outcome = await applyAttendanceUpsert(db, {
    eventExternalId: event.externalId ?? '',
    person: { subject: `sub-${randomUUID()}`, email, name: 'Invitee', photoConsent: 'ask-first' },
    updatedAt: new Date('2026-10-01T11:00:00Z'),
  });
  expect(outcome).toBe('pending');
  return event;
}

async function signUp(email: string, invite: { email?: string }) {
  const created = await adminCaller.admin.invites.create({ role: 'member', expiresInDays: 7, ...invite });
  const token = new URL(created.url).searchParams.get('invite') ?? '';
  const answer = await postAuth(auth, '/sign-up/email', {
    email,
    password: 'a-long-password',
    name: 'Invitee',
    inviteToken: token,
  });
  expect(answer.status).toBe(200);
  const user = await findUserByEmail(db, email);
  if (!user) throw new Error('no user');
  // An invite made out to the address proves it (README, Sign-in); an open invite proves nothing.
  expect(user.emailVerified).toBe(Boolean(invite.email));
  return user;
}

async function attendeesOf(eventId: string) {
  return db
    .select({ userId: schema.eventAttendees.userId, source: schema.eventAttendees.source })
    .from(schema.eventAttendees)
    .where(eq(schema.eventAttendees.eventId, eventId));
}

describe('pending attendances claimed at sign-in (local accounts)', () => {
  it('claims by e-mail when the invite was made out to exactly that address', async () => {
    const email = `bound-${randomUUID().slice(0, 6)}@test.local`;
    const event = await pendingFor(email);
    const user = await signUp(email, { email });
    expect(await attendeesOf(event.id)).toEqual([{ userId: user.id, source: 'ticketing' }]);
    expect((await findUserByEmail(db, email))?.photoConsent).toBe('ask-first');
  });

  it('does not claim by an unverified address typed into an open invite', async () => {
    const email = `open-${randomUUID().slice(0, 6)}@test.local`;
    const event = await pendingFor(email);
    await signUp(email, {});
    expect(await attendeesOf(event.id)).toEqual([]);
    expect(await adminCaller.admin.events.attendees.pending({ id: event.id })).toMatchObject([{ email }]);
  });
});

describe('admin procedures on synced events', () => {
  it('refuses changes to the fields the ticketing backend owns, and saves the description', async () => {
    const event = await syncedEvent();
    await expect(
      adminCaller.admin.events.update({ id: event.id, title: 'Renamed here' }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'This event comes from the ticketing backend: change its title there.',
    });
    await expect(
      adminCaller.admin.events.update({ id: event.id, eventDate: '2027-01-01', venue: '' }),
    ).rejects.toMatchObject({ message: expect.stringMatching(/change its date, venue there/) });
    // The form sends every field back unchanged: only the description differs.
    const saved = await adminCaller.admin.events.update({
      id: event.id,
      title: event.title,
      slug: event.slug,
      eventDate: event.eventDate,
      venue: 'Pier 7',
      description: 'Our own words',
    });
    expect(saved).toMatchObject({ description: 'Our own words', externalId: event.externalId });
  });

  it('keeps an event the backend removed as a local one; any other event is refused', async () => {
    const event = await syncedEvent();
    await expect(adminCaller.admin.events.keepAsLocal({ id: event.id })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
    });
    await seedImage(db, { eventId: event.id });
    const member = await seedUser(db);
    await db
      .insert(schema.eventAttendees)
      .values({ eventId: event.id, userId: member.id, source: 'ticketing', subject: 's' });
    await db
      .update(schema.events)
      .set({ removedUpstreamAt: new Date() })
      .where(eq(schema.events.id, event.id));
    const kept = await adminCaller.admin.events.keepAsLocal({ id: event.id });
    expect(kept).toMatchObject({ externalId: null, removedUpstreamAt: null });
    expect(await adminCaller.admin.events.attendees.list({ id: event.id })).toMatchObject([
      { userId: member.id, source: 'manual' },
    ]);
    // A local event again: its title is the admin's to change.
    await expect(adminCaller.admin.events.update({ id: event.id, title: 'Ours now' })).resolves.toMatchObject(
      {
        title: 'Ours now',
      },
    );
  });
});
