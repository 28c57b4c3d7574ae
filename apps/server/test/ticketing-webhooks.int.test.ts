import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createUserWithPassword } from '@party/api/auth';
import { findUserByEmail, schema } from '@party/db';
import { seedImage } from '@party/testing';
import { count, eq } from 'drizzle-orm';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { registerTicketingHookRoutes } from '../src/routes/ticketing-hooks';
import { startWorker } from '../src/worker/start-worker';
import { useTestApp } from './test-app';
import { at, deliver, processed, query, WEBHOOK_SECRET } from './ticketing-hooks';

const SERVER_DIR = fileURLToPath(new URL('..', import.meta.url));

const {
  app,
  db,
  sql: pg,
  auth,
  s3,
  jobs,
  signIn,
  listen,
} = await useTestApp({
  ticketing: { webhookSecret: WEBHOOK_SECRET, pull: false },
});
const silent = { info: () => {}, warn: () => {}, error: () => {} };
await startWorker({ db, s3: s3.client, bucket: s3.bucket, jobs, log: silent });

const eventMessage = (id: string, updatedAt: string, title = 'Harbour Night') => ({
  type: 'event.upserted',
  timestamp: updatedAt,
  data: { id, title, date: '2026-11-20', venue: 'Pier 7', slug: 'Harbour Night!', updatedAt },
});

async function eventByExternalId(externalId: string) {
  return db.query.events.findFirst({ where: eq(schema.events.externalId, externalId) });
}

async function rejections(reason: string) {
  const [row] = await db
    .select({ n: count() })
    .from(schema.ticketingRejections)
    .where(eq(schema.ticketingRejections.reason, reason as never));
  return row?.n ?? 0;
}

async function jobsFor(webhookId: string) {
  const [row] = await pg<{ n: number }[]>`
    select count(*)::int as n from pgboss.job
    where name = 'ticketing-delivery' and data->>'webhookId' = ${webhookId}`;
  return row?.n ?? 0;
}

describe('POST /hooks/ticketing', () => {
  it('accepts a valid delivery (202) and its job creates the event with a local slug', async () => {
    const externalId = `evt-${randomUUID()}`;
    const sent = await deliver(app, eventMessage(externalId, at('2026-10-01T10:00:00Z')));
    expect(sent).toMatchObject({ status: 202, body: 'Accepted.' });
    expect(await processed(db, sent.id)).toMatchObject({ status: 'processed', outcome: 'created' });
    expect(await eventByExternalId(externalId)).toMatchObject({
      title: 'Harbour Night',
      eventDate: '2026-11-20',
      venue: 'Pier 7',
      slug: expect.stringMatching(/^harbour-night(-\d+)?$/),
      removedUpstreamAt: null,
    });
  });

  it('refuses a tampered body (401) and a stale or future timestamp (401), counting each', async () => {
    const externalId = `evt-${randomUUID()}`;
    const tampered = await deliver(app, eventMessage(externalId, at('2026-10-01T10:00:00Z')), {
      tamper: (body) => body.replace('Harbour', 'Hacked'),
    });
    expect(tampered.status).toBe(401);
    expect(tampered.body).toMatch(/No webhook-signature matches/);
    const wrongSecret = await deliver(app, eventMessage(externalId, at('2026-10-01T10:00:00Z')), {
      secret: `whsec_${Buffer.alloc(32, 1).toString('base64')}`,
    });
    expect(wrongSecret.status).toBe(401);
    expect(await rejections('signature')).toBe(2);

    const stale = await deliver(app, eventMessage(externalId, at('2026-10-01T10:00:00Z')), {
      ageSeconds: 301,
    });
    expect(stale.status).toBe(401);
    expect(stale.body).toMatch(/more than 5 minutes/);
    const future = await deliver(app, eventMessage(externalId, at('2026-10-01T10:00:00Z')), {
      ageSeconds: -301,
    });
    expect(future.status).toBe(401);
    // Just inside the window is fine.
    const late = await deliver(app, eventMessage(externalId, at('2026-10-01T10:00:00Z')), {
      ageSeconds: 280,
    });
    expect(late.status).toBe(202);
    expect(await rejections('stale')).toBe(2);
    expect(await findDelivery(tampered.id)).toBeUndefined();
    expect(await findDelivery(stale.id)).toBeUndefined();
  });

  it('drops a replayed webhook-id (200) without queueing it again', async () => {
    const externalId = `evt-${randomUUID()}`;
    const message = eventMessage(externalId, at('2026-10-02T10:00:00Z'));
    const first = await deliver(app, message);
    expect(first.status).toBe(202);
    await processed(db, first.id);
    const replay = await deliver(app, message, { id: first.id });
    expect(replay).toMatchObject({ status: 200, body: expect.stringMatching(/Already received/) });
    expect(await jobsFor(first.id)).toBe(1);
  });

  it('applies a duplicate under a new webhook-id as a no-op (same updatedAt)', async () => {
    const externalId = `evt-${randomUUID()}`;
    const message = eventMessage(externalId, at('2026-10-03T10:00:00Z'));
    const first = await deliver(app, message);
    await processed(db, first.id);
    const before = await eventByExternalId(externalId);
    const again = await deliver(app, message);
    expect(again.status).toBe(202);
    expect(await processed(db, again.id)).toMatchObject({ status: 'processed', outcome: 'stale' });
    expect(await eventByExternalId(externalId)).toEqual(before);
  });

  it('keeps the newer version when deliveries arrive out of order, and no late upsert revives a deleted event', async () => {
    const externalId = `evt-${randomUUID()}`;
    const newer = await deliver(app, eventMessage(externalId, at('2026-10-04T12:00:00Z'), 'Second title'));
    await processed(db, newer.id);
    const older = await deliver(app, eventMessage(externalId, at('2026-10-04T11:00:00Z'), 'First title'));
    expect(await processed(db, older.id)).toMatchObject({ outcome: 'stale' });
    expect((await eventByExternalId(externalId))?.title).toBe('Second title');

    const deleted = await deliver(app, {
      type: 'event.deleted',
      data: { id: externalId, updatedAt: at('2026-10-04T13:00:00Z') },
    });
    expect(await processed(db, deleted.id)).toMatchObject({ outcome: 'removed' });
    const late = await deliver(app, eventMessage(externalId, at('2026-10-04T12:30:00Z'), 'Late title'));
    expect(await processed(db, late.id)).toMatchObject({ outcome: 'stale' });
    expect(await eventByExternalId(externalId)).toBeUndefined();
  });

  it('applies an attendance that arrives before its event once the event is there (the job retries)', async () => {
    const externalId = `evt-${randomUUID()}`;
    const email = `early-${randomUUID().slice(0, 8)}@example.org`;
    const early = await deliver(app, {
      type: 'attendance.upserted',
      data: {
        eventId: externalId,
        person: { subject: `sub-${randomUUID()}`, email, name: 'Early Bird', photoConsent: 'ask-first' },
        updatedAt: at('2026-10-05T10:00:00Z'),
      },
    });
    expect(early.status).toBe(202);
    const event = await deliver(app, eventMessage(externalId, at('2026-10-05T09:00:00Z')));
    await processed(db, event.id);
    expect(await processed(db, early.id)).toMatchObject({ status: 'processed', outcome: 'pending' });
    const local = await eventByExternalId(externalId);
    const pending = await db
      .select()
      .from(schema.pendingAttendances)
      .where(eq(schema.pendingAttendances.eventId, local?.id ?? ''));
    expect(pending).toMatchObject([{ email, name: 'Early Bird', photoConsent: 'ask-first' }]);
  });

  it('refuses a body over 64 KiB (413) and counts it', async () => {
    const big = eventMessage(`evt-${randomUUID()}`, at('2026-10-06T10:00:00Z'));
    const sent = await deliver(app, { ...big, padding: 'x'.repeat(64 * 1024) });
    expect(sent.status).toBe(413);
    expect(sent.body).toMatch(/at most 65536 bytes/);
    expect(await rejections('too-large')).toBe(1);
  });

  it('accepts and ignores an unknown type (202), so the sender does not retry it forever', async () => {
    const sent = await deliver(app, { type: 'ticket.refunded', data: { id: 'x' } });
    expect(sent).toMatchObject({
      status: 202,
      body: expect.stringMatching(/does not handle messages of type "ticket.refunded"/),
    });
    expect(await findDelivery(sent.id)).toMatchObject({ status: 'ignored', type: 'ticket.refunded' });
    expect(await jobsFor(sent.id)).toBe(0);
  });

  it('refuses a malformed payload with a 422 sentence that names the problem', async () => {
    const notJson = await deliver(app, null, { raw: '{"type": "event.upserted", ' });
    expect(notJson).toMatchObject({ status: 422, body: 'The body is not JSON.' });
    const noDate = await deliver(app, {
      type: 'event.upserted',
      data: { id: 'evt-x', title: 'No date', slug: 'no-date', updatedAt: at('2026-10-07T10:00:00Z') },
    });
    expect(noDate.status).toBe(422);
    expect(noDate.body).toMatch(/^The event.upserted message is not valid: data.date/);
    const badEmail = await deliver(app, {
      type: 'member.disabled',
      data: { person: { subject: 's', email: 'not-an-address' }, updatedAt: at('2026-10-07T10:00:00Z') },
    });
    expect(badEmail.status).toBe(422);
    expect(badEmail.body).toMatch(/data.person.email/);
    expect(await rejections('malformed')).toBe(3);
  });

  it('marks an event with photos instead of deleting it; one without photos goes', async () => {
    const withPhotos = `evt-${randomUUID()}`;
    const empty = `evt-${randomUUID()}`;
    for (const id of [withPhotos, empty])
      await processed(db, (await deliver(app, eventMessage(id, at('2026-10-08T10:00:00Z')))).id);
    const local = await eventByExternalId(withPhotos);
    const photo = await seedImage(db, { eventId: local?.id ?? '' });
    for (const id of [withPhotos, empty]) {
      const sent = await deliver(app, {
        type: 'event.deleted',
        data: { id, updatedAt: at('2026-10-08T11:00:00Z') },
      });
      await processed(db, sent.id);
    }
    expect(await eventByExternalId(empty)).toBeUndefined();
    expect(await eventByExternalId(withPhotos)).toMatchObject({
      id: local?.id,
      removedUpstreamAt: expect.any(Date),
    });
    expect(await db.query.images.findFirst({ where: eq(schema.images.id, photo.id) })).toBeDefined();

    // The backend brings it back: the mark goes.
    await processed(db, (await deliver(app, eventMessage(withPhotos, at('2026-10-08T12:00:00Z')))).id);
    expect(await eventByExternalId(withPhotos)).toMatchObject({ removedUpstreamAt: null });
  });

  it('keeps a person without an account as pending and matches them at their first sign-in', async () => {
    const externalId = `evt-${randomUUID()}`;
    await processed(db, (await deliver(app, eventMessage(externalId, at('2026-10-09T10:00:00Z')))).id);
    const event = await eventByExternalId(externalId);
    const attend = (subject: string, email: string) =>
      deliver(app, {
        type: 'attendance.upserted',
        data: {
          eventId: externalId,
          person: { subject, email, name: 'New Person', photoConsent: 'never' },
          updatedAt: at('2026-10-09T11:00:00Z'),
        },
      });
    const oidcSubject = `sub-${randomUUID()}`;
    const localEmail = `local-${randomUUID().slice(0, 8)}@example.org`;
    const unverifiedEmail = `unverified-${randomUUID().slice(0, 8)}@example.org`;
    for (const [subject, email] of [
      [oidcSubject, 'oidc-person@example.org'],
      [`sub-${randomUUID()}`, localEmail],
      [`sub-${randomUUID()}`, unverifiedEmail],
    ] as const) {
      expect(await processed(db, (await attend(subject, email)).id)).toMatchObject({ outcome: 'pending' });
    }

    // First sign-in through the ticketing backend: better-auth makes the user, its account with the
    // OIDC subject, then the session (the hook after it claims).
    const ctx = await auth.$context;
    const oidcUser = await ctx.internalAdapter.createUser(
      {
        email: 'oidc-person@example.org',
        name: 'OIDC',
        emailVerified: false,
      },
      // Made by the test, not a sign-in endpoint: no invite check.
      { method: 'admin' },
    );
    await ctx.internalAdapter.linkAccount({
      userId: oidcUser.id,
      providerId: 'ticketing',
      accountId: oidcSubject,
    });
    await ctx.internalAdapter.createSession(oidcUser.id);

    // A local account with a verified address signs in with its password.
    await createUserWithPassword(auth, {
      email: localEmail,
      password: 'local-password-1',
      name: 'Local',
      role: 'member',
    });
    await signIn(localEmail, 'local-password-1');

    // A local account whose address nobody verified is not matched by it.
    const unverified = await createUserWithPassword(auth, {
      email: unverifiedEmail,
      password: 'unverified-pw-1',
      name: 'U',
      role: 'member',
    });
    await db.update(schema.user).set({ emailVerified: false }).where(eq(schema.user.id, unverified.id));
    await signIn(unverifiedEmail, 'unverified-pw-1');

    const attendees = await db
      .select({ userId: schema.eventAttendees.userId, source: schema.eventAttendees.source })
      .from(schema.eventAttendees)
      .where(eq(schema.eventAttendees.eventId, event?.id ?? ''));
    const local = await findUserByEmail(db, localEmail);
    expect(attendees).toEqual(
      expect.arrayContaining([
        { userId: oidcUser.id, source: 'ticketing' },
        { userId: local?.id, source: 'ticketing' },
      ]),
    );
    expect(attendees).toHaveLength(2);
    expect((await findUserByEmail(db, 'oidc-person@example.org'))?.photoConsent).toBe('never');
    const left = await db
      .select({ email: schema.pendingAttendances.email })
      .from(schema.pendingAttendances)
      .where(eq(schema.pendingAttendances.eventId, event?.id ?? ''));
    expect(left).toEqual([{ email: unverifiedEmail }]);
  });

  it("member.disabled ends the member's sessions at once; member.enabled lets them sign in again", async () => {
    const email = `leaving-${randomUUID().slice(0, 8)}@example.org`;
    const { id } = await createUserWithPassword(auth, {
      email,
      password: 'leaving-password',
      name: 'L',
      role: 'member',
    });
    const cookie = await signIn(email, 'leaving-password');
    expect((await query(app, cookie, 'account.me')).data).toMatchObject({ id });

    const person = { subject: `sub-${randomUUID()}`, email };
    const disabled = await deliver(app, {
      type: 'member.disabled',
      data: { person, updatedAt: at('2026-10-10T10:00:00Z') },
    });
    expect(await processed(db, disabled.id)).toMatchObject({ outcome: 'updated' });
    expect((await query(app, cookie, 'account.me')).data).toBeNull();
    const [sessions] = await db
      .select({ n: count() })
      .from(schema.session)
      .where(eq(schema.session.userId, id));
    expect(sessions?.n).toBe(0);
    await expect(signIn(email, 'leaving-password')).rejects.toThrow(/403/);

    // An older "enabled" that arrives late changes nothing; a newer one does.
    const late = await deliver(app, {
      type: 'member.enabled',
      data: { person, updatedAt: at('2026-10-10T09:00:00Z') },
    });
    expect(await processed(db, late.id)).toMatchObject({ outcome: 'stale' });
    const enabled = await deliver(app, {
      type: 'member.enabled',
      data: { person, updatedAt: at('2026-10-10T11:00:00Z') },
    });
    expect(await processed(db, enabled.id)).toMatchObject({ outcome: 'updated' });
    expect(await signIn(email, 'leaving-password')).toMatch(/session_token=/);
  });

  it("an attendee added by webhook sees the event's attendees-only photos; removed, they do not", async () => {
    const externalId = `evt-${randomUUID()}`;
    await processed(db, (await deliver(app, eventMessage(externalId, at('2026-10-11T10:00:00Z')))).id);
    const event = await eventByExternalId(externalId);
    const photo = await seedImage(db, { eventId: event?.id ?? '', visibility: 'attendees' });
    const cookie = await signIn('member@demo.local');
    const photoIds = async () => {
      const answer = await query(app, cookie, 'images.list', { eventId: event?.id });
      return ((answer.data ?? []) as Array<{ id: string }>).map((image) => image.id);
    };
    expect(await photoIds()).toEqual([]);

    const person = { subject: `sub-${randomUUID()}`, email: 'member@demo.local' };
    const added = await deliver(app, {
      type: 'attendance.upserted',
      data: {
        eventId: externalId,
        person: { ...person, name: 'Demo Member' },
        updatedAt: at('2026-10-11T11:00:00Z'),
      },
    });
    expect(await processed(db, added.id)).toMatchObject({ outcome: 'created' });
    expect(await photoIds()).toEqual([photo.id]);

    const removed = await deliver(app, {
      type: 'attendance.removed',
      data: { eventId: externalId, person, updatedAt: at('2026-10-11T12:00:00Z') },
    });
    expect(await processed(db, removed.id)).toMatchObject({ outcome: 'removed' });
    expect(await photoIds()).toEqual([]);
  });

  it('answers 404 with a sentence and stores nothing when TICKETING_WEBHOOK_SECRET is unset', async () => {
    const unconfigured = Fastify();
    await registerTicketingHookRoutes(unconfigured, { db, jobs: jobs.queue, secret: null });
    const before = await db.select({ n: count() }).from(schema.ticketingRejections);
    for (const payload of ['{}', 'x'.repeat(70 * 1024)]) {
      const response = await unconfigured.inject({ method: 'POST', url: '/hooks/ticketing', payload });
      expect(response.statusCode).toBe(404);
      expect(response.body).toMatch(/not enabled on this server \(TICKETING_WEBHOOK_SECRET is not set\)/);
    }
    expect(await db.select({ n: count() }).from(schema.ticketingRejections)).toEqual(before);
    await unconfigured.close();
  });
});

async function findDelivery(id: string) {
  return db.query.ticketingDeliveries.findFirst({ where: eq(schema.ticketingDeliveries.webhookId, id) });
}

describe("hooks:send (the README's way to sign a delivery by hand)", () => {
  it('signs a JSON file with TICKETING_WEBHOOK_SECRET and gets it accepted over real HTTP', async () => {
    const base = await listen();
    const dir = await mkdtemp(path.join(tmpdir(), 'party-hook-'));
    const externalId = `evt-${randomUUID()}`;
    const file = path.join(dir, 'message.json');
    await writeFile(
      file,
      JSON.stringify({
        type: 'event.upserted',
        data: {
          id: externalId,
          title: 'By hand',
          date: '2026-12-24',
          slug: 'by-hand',
          updatedAt: at('2026-12-01T10:00:00Z'),
        },
      }),
    );
    const send = (secret: string) =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        execFile(
          process.execPath,
          ['--import', 'tsx', 'src/cli/send-hook.ts', file, '--url', base, '--id', 'msg_by_hand'],
          { cwd: SERVER_DIR, env: { PATH: process.env.PATH, TICKETING_WEBHOOK_SECRET: secret } },
          (error, stdout, stderr) =>
            resolve({ code: error ? (error.code as number) : 0, out: stdout + stderr }),
        );
      });
    expect(await send(WEBHOOK_SECRET)).toEqual({ code: 0, out: '202 Accepted.\n' });
    await processed(db, 'msg_by_hand');
    expect(await eventByExternalId(externalId)).toMatchObject({ title: 'By hand', slug: 'by-hand' });
    const wrong = await send(`whsec_${Buffer.alloc(32, 5).toString('base64')}`);
    expect(wrong).toMatchObject({ code: 1, out: expect.stringMatching(/^401 No webhook-signature matches/) });
    await rm(dir, { recursive: true, force: true });
  });
});
