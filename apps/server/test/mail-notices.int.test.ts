import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCaller, createContext, type MailServices } from '@party/api';
import { createAuth, inviteLinkKey, signUnsubscribeToken, unsubscribeKey } from '@party/api/auth';
import { findUserById, schema } from '@party/db';
import { readCaughtMail, startSmtpCatchAll } from '@party/dev-services/smtp-catch-all';
import type { JobHandlerContext } from '@party/jobs';
import { createMediaDelivery, createS3Client, mediaTokenKey } from '@party/storage';
import {
  seedEvent,
  seedImage,
  seedMusicSet,
  seedTrack,
  seedUser,
  useJobQueue,
  useTestDatabase,
} from '@party/testing';
import { eq, sql } from 'drizzle-orm';
import Fastify from 'fastify';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createMailer } from '../src/mail/mailer';
import { CLIENT_IP_HEADER } from '../src/routes/auth';
import { registerUnsubscribeRoutes } from '../src/routes/unsubscribe';
import { sendInviteMailHandler } from '../src/worker/processors/send-invite-mail';
import {
  queueInviteRemindersHandler,
  sendInviteReminderHandler,
} from '../src/worker/processors/send-invite-reminder';
import { sendNoticesHandler } from '../src/worker/processors/send-notices';

const PUBLIC_URL = 'http://127.0.0.1:3000';
const SECRET = 'notice-mail-secret-notice-mail-secret';

const { db, url } = await useTestDatabase();
const jobs = await useJobQueue(url);
const mailDir = await mkdtemp(path.join(tmpdir(), 'party-notices-'));
const catchAll = await startSmtpCatchAll({ directory: mailDir });
const mailer = createMailer({ smtpUrl: catchAll.url, from: '"Night Owls" <no-reply@127.0.0.1>' });
const linkKey = inviteLinkKey(SECRET);
const unsubKey = unsubscribeKey(SECRET);

const http = Fastify();
await registerUnsubscribeRoutes(http, { db, key: unsubKey });

afterAll(async () => {
  await http.close();
  mailer.close();
  await catchAll.stop();
  await rm(mailDir, { recursive: true, force: true });
});

const inviteMail = { db, mailer, linkKey, community: 'Night Owls' };
await jobs.work('send-invite-mail', sendInviteMailHandler(inviteMail));
await jobs.work('send-invite-reminder', sendInviteReminderHandler(inviteMail));
await jobs.work(
  'send-notices',
  sendNoticesHandler({
    db,
    mailer,
    community: 'Night Owls',
    publicUrl: PUBLIC_URL,
    unsubscribeKey: unsubKey,
  }),
);
const sweep = queueInviteRemindersHandler({ db, jobs: jobs.queue, reminderAfterDays: 3 });
const jobContext: JobHandlerContext = { jobId: 'test', retryCount: 0, signal: new AbortController().signal };

const auth = createAuth({
  db,
  secret: SECRET,
  baseURL: PUBLIC_URL,
  trustedOrigins: [PUBLIC_URL],
  clientIpHeader: CLIENT_IP_HEADER,
});
const storage = {
  client: createS3Client({
    endpoint: 'http://127.0.0.1:9',
    region: 'us-east-1',
    bucket: 'unused',
    accessKeyId: 'x',
    secretAccessKey: 'x',
  }),
  bucket: 'unused',
};
const delivery = createMediaDelivery({ mode: 'presigned', ...storage, tokenKey: mediaTokenKey(SECRET) });
const localMail: MailServices = { mode: 'local', linkKey, caught: () => readCaughtMail(mailDir) };

async function callerFor(viewer: { id: string; email: string; name: string; role: 'admin' | 'member' }) {
  const ctx = await createContext({
    db,
    auth,
    delivery,
    storage,
    jobs: jobs.queue,
    publicUrl: PUBLIC_URL,
    mail: localMail,
    headers: new Headers({ origin: PUBLIC_URL }),
  });
  return createCaller({ ...ctx, viewer });
}

const boss = await seedUser(db, { id: 'admin-boss', email: 'boss@test.local', name: 'Boss', role: 'admin' });
const admin = await callerFor({ ...boss, role: 'admin' });

async function mailsTo(address: string) {
  return (await readCaughtMail(mailDir, 500)).filter((mail) => mail.to.includes(address));
}

/** Waits until `address` has `count` mails, then a little longer to catch an unwanted extra one. */
async function expectMails(address: string, count: number) {
  await vi.waitFor(async () => expect(await mailsTo(address)).toHaveLength(count), {
    timeout: 30_000,
    interval: 200,
  });
}

/** Lets every queued mail job run out (pg-boss polls every 2 s). */
async function settle() {
  await vi.waitFor(
    async () => {
      const [row] = await db.execute<{ n: number }>(
        sql`select count(*)::int as n from pgboss.job where name in ('send-notices', 'send-invite-reminder', 'send-invite-mail') and state in ('created', 'retry', 'active')`,
      );
      expect(row?.n).toBe(0);
    },
    { timeout: 30_000, interval: 200 },
  );
}

async function ageInviteMail(id: string, days: number) {
  await db
    .update(schema.invites)
    .set({ mailSentAt: sql`now() - make_interval(days => ${days})` })
    .where(eq(schema.invites.id, id));
}

describe('invite reminders', () => {
  it('reminds an unused mailed invite once after 3 days, and never again', async () => {
    const created = await admin.admin.invites.create({ email: 'slow@x.example', sendEmail: true });
    await expectMails('slow@x.example', 1);
    // Two days: not yet.
    await ageInviteMail(created.id, 2);
    await sweep({}, jobContext);
    await settle();
    expect(await mailsTo('slow@x.example')).toHaveLength(1);

    await ageInviteMail(created.id, 4);
    await sweep({}, jobContext);
    await expectMails('slow@x.example', 2);
    const reminder = (await mailsTo('slow@x.example')).find((mail) => mail.subject.startsWith('Reminder'));
    expect(reminder?.subject).toBe('Reminder: your invite to Night Owls');
    expect(reminder?.text).toContain(created.url);
    expect(reminder?.text).toContain('This is a reminder: the invite has not been used yet.');

    // Sweeping again, even much later, sends nothing more.
    await ageInviteMail(created.id, 10);
    await sweep({}, jobContext);
    await sweep({}, jobContext);
    await settle();
    expect(await mailsTo('slow@x.example')).toHaveLength(2);
    const row = (await admin.admin.invites.list()).find((invite) => invite.id === created.id);
    expect(row).toMatchObject({ reminderState: 'sent', status: 'open' });
    expect(row?.remindedAt).toBeInstanceOf(Date);
    expect(row).not.toHaveProperty('sealedLink');
    const [stored] = await db.select().from(schema.invites).where(eq(schema.invites.id, created.id));
    expect(stored?.sealedLink).toBeNull();
  });

  it('never reminds used, withdrawn, expired or unmailed invites', async () => {
    const used = await admin.admin.invites.create({ email: 'used@x.example', sendEmail: true });
    const withdrawn = await admin.admin.invites.create({ email: 'gone@x.example', sendEmail: true });
    const expiring = await admin.admin.invites.create({ email: 'late@x.example', sendEmail: true });
    const plain = await admin.admin.invites.create({ email: 'plain@x.example' });
    for (const address of ['used@x.example', 'gone@x.example', 'late@x.example'])
      await expectMails(address, 1);

    const signUp = await auth.handler(
      new Request(`${PUBLIC_URL}/api/auth/sign-up/email`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin: PUBLIC_URL,
          [CLIENT_IP_HEADER]: '203.0.113.7',
        },
        body: JSON.stringify({
          email: 'used@x.example',
          password: 'a-long-password',
          name: 'Used',
          inviteToken: used.token,
        }),
      }),
    );
    expect(signUp.status).toBe(200);
    await admin.admin.invites.revoke({ id: withdrawn.id });
    await db
      .update(schema.invites)
      .set({ expiresAt: sql`now() - interval '1 minute'` })
      .where(eq(schema.invites.id, expiring.id));
    for (const invite of [used, withdrawn, expiring, plain]) await ageInviteMail(invite.id, 5);

    await sweep({}, jobContext);
    await settle();
    for (const address of ['used@x.example', 'gone@x.example', 'late@x.example']) {
      expect(await mailsTo(address)).toHaveLength(1);
    }
    expect(await mailsTo('plain@x.example')).toHaveLength(0);
    const rows = await admin.admin.invites.list();
    for (const invite of [used, withdrawn, expiring, plain]) {
      expect(rows.find((row) => row.id === invite.id)?.reminderState).toBeNull();
    }
  });
});

describe('"new gallery / new set" notices', async () => {
  const event = await seedEvent(db, { title: 'Winter Night', slug: 'winter-night' });
  const attendee = await seedUser(db, { email: 'attendee@x.example', name: 'Ada' });
  const member = await seedUser(db, { email: 'member@x.example', name: 'Mo' });
  const quiet = await seedUser(db, { email: 'quiet@x.example', mailNotices: false });
  const disabled = await seedUser(db, { email: 'disabled@x.example', disabled: true });
  const otherAdmin = await seedUser(db, { email: 'admin2@x.example', role: 'admin' });
  await db
    .insert(schema.eventAttendees)
    .values(
      [attendee, quiet, disabled, otherAdmin].map((person) => ({ eventId: event.id, userId: person.id })),
    );
  const photos = [await seedImage(db, { eventId: event.id }), await seedImage(db, { eventId: event.id })];
  const hidden = await seedEvent(db, { title: 'Hidden Night' });
  const hiddenPhoto = await seedImage(db, { eventId: hidden.id, hiddenAt: new Date() });

  it('tells only the people who can see the gallery, once each, even when published again', async () => {
    const first = await admin.admin.images.setVisibility({
      ids: [photos[0]?.id ?? ''],
      visibility: 'attendees',
      notify: true,
    });
    expect(first).toEqual({ updated: 1, notified: 1 });
    await expectMails('attendee@x.example', 1);
    const [mail] = await mailsTo('attendee@x.example');
    expect(mail?.subject).toBe('New photos: Winter Night');
    expect(mail?.text).toContain(`${PUBLIC_URL}/events/winter-night`);

    // Wider audience: the members who could not see it before are told now, the attendee not again.
    const second = await admin.admin.images.setVisibility({
      eventId: event.id,
      visibility: 'members',
      notify: true,
    });
    // The member and the one who signed up with an invite above.
    expect(second.notified).toBe(2);
    await expectMails('member@x.example', 1);
    await admin.admin.images.setVisibility({ eventId: event.id, visibility: 'members', notify: true });
    await settle();
    expect(await mailsTo('attendee@x.example')).toHaveLength(1);
    expect(await mailsTo('member@x.example')).toHaveLength(1);
    for (const address of ['quiet@x.example', 'disabled@x.example', 'admin2@x.example', 'boss@test.local']) {
      expect(await mailsTo(address)).toHaveLength(0);
    }

    // Without `notify`, and for a gallery whose only photo is taken down: nobody.
    expect(
      (await admin.admin.images.setVisibility({ ids: [hiddenPhoto.id], visibility: 'members', notify: true }))
        .notified,
    ).toBe(0);
    const later = await seedEvent(db, { title: 'Quiet Night' });
    const laterPhoto = await seedImage(db, { eventId: later.id });
    expect(
      (await admin.admin.images.setVisibility({ ids: [laterPhoto.id], visibility: 'members' })).notified,
    ).toBe(0);
  });

  it('tells the members about a set once it is published, with one-click unsubscribe headers', async () => {
    const set = await seedMusicSet(db, { title: 'Sunrise Mix', artist: 'DJ Owl', eventId: event.id });
    await seedTrack(db, { setId: set.id, status: 'ready' });
    const draft = await admin.admin.musicSets.update({ id: set.id, description: 'x', notify: true });
    expect(draft.notified).toBe(0);
    const published = await admin.admin.musicSets.update({
      id: set.id,
      visibility: 'attendees',
      notify: true,
    });
    expect(published.notified).toBe(1);
    await expectMails('attendee@x.example', 2);
    const mail = (await mailsTo('attendee@x.example')).find((m) => m.subject === 'New set: Sunrise Mix');
    expect(mail?.text).toContain('A new set is online: Sunrise Mix by DJ Owl.');
    expect(mail?.text).toContain(`${PUBLIC_URL}/music/${set.id}`);
    const link = `${PUBLIC_URL}/mail/unsubscribe?token=${signUnsubscribeToken(unsubKey, attendee.id)}`;
    expect(mail?.text).toContain(link);
    expect(mail?.unsubscribeHeaders).toEqual({
      'list-unsubscribe': `<${link}>`,
      'list-unsubscribe-post': 'List-Unsubscribe=One-Click',
    });
    await admin.admin.musicSets.update({ id: set.id, visibility: 'members', notify: true });
    await expectMails('member@x.example', 2);
    await settle();
    expect(await mailsTo('attendee@x.example')).toHaveLength(2);
  });

  it('unsubscribes with one click (RFC 8058 POST), after a confirmation page on GET', async () => {
    const token = signUnsubscribeToken(unsubKey, attendee.id);
    const page = await http.inject({ method: 'GET', url: `/mail/unsubscribe?token=${token}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<form method="post"');
    expect(page.body).toContain('Unsubscribe');
    // A GET (a mail scanner following the link) changes nothing.
    expect((await findUserById(db, attendee.id))?.mailNotices).toBe(true);

    const german = await http.inject({
      method: 'GET',
      url: `/mail/unsubscribe?token=${token}`,
      headers: { 'accept-language': 'de-DE,de;q=0.9' },
    });
    expect(german.body).toContain('Abbestellen');

    const done = await http.inject({
      method: 'POST',
      url: `/mail/unsubscribe?token=${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('you will get no more mails');
    expect((await findUserById(db, attendee.id))?.mailNotices).toBe(false);

    const next = await seedMusicSet(db, { title: 'Afterhours', eventId: event.id });
    await seedTrack(db, { setId: next.id, status: 'ready' });
    expect(
      (await admin.admin.musicSets.update({ id: next.id, visibility: 'members', notify: true })).notified,
    ).toBe(2); // the member and the one who signed up above; not the attendee any more
    await expectMails('member@x.example', 3);
    expect(await mailsTo('attendee@x.example')).toHaveLength(2);
  });

  it('refuses a tampered or cut token with a page that says so', async () => {
    const good = signUnsubscribeToken(unsubKey, member.id);
    const forged = `${Buffer.from(attendee.id).toString('base64url')}.${good.split('.')[1]}`;
    for (const token of [forged, good.slice(0, -3), 'nonsense', '']) {
      for (const method of ['GET', 'POST'] as const) {
        const response = await http.inject({
          method,
          url: `/mail/unsubscribe?token=${encodeURIComponent(token)}`,
        });
        expect(response.statusCode).toBe(400);
        expect(response.body).toContain('This unsubscribe link is not valid');
      }
    }
    expect((await findUserById(db, member.id))?.mailNotices).toBe(true);
  });

  it('turns notices off and on from the account page, and the export includes the setting', async () => {
    const me = await callerFor({ ...member, role: 'member' });
    expect((await me.account.privacy()).mailNotices).toBe(true);
    await me.account.setMailNotices({ on: false });
    await settle();
    const exported = await me.account.export();
    expect(exported.account.mailNotices).toBe(false);
    expect(exported.notices.map((notice) => notice.state)).toEqual(['sent', 'sent', 'sent']);

    const night = await seedEvent(db, { title: 'Spring Night' });
    const photo = await seedImage(db, { eventId: night.id });
    await admin.admin.images.setVisibility({ ids: [photo.id], visibility: 'members', notify: true });
    const told = await db.select().from(schema.notices).where(eq(schema.notices.itemId, night.id));
    expect(told.map((notice) => notice.userId)).not.toContain(member.id);
    await me.account.setMailNotices({ on: true });
    expect((await me.account.privacy()).mailNotices).toBe(true);
  });

  it('skips a queued notice whose reader turned notices off before it was sent', async () => {
    const night = await seedEvent(db, { title: 'Autumn Night' });
    const photo = await seedImage(db, { eventId: night.id });
    await db.update(schema.user).set({ mailNotices: false }).where(eq(schema.user.id, member.id));
    const [notice] = await db
      .insert(schema.notices)
      .values({ kind: 'gallery', itemId: night.id, userId: member.id })
      .returning();
    await db.update(schema.images).set({ visibility: 'members' }).where(eq(schema.images.id, photo.id));
    await jobs.queue.send('send-notices', { noticeIds: [notice?.id ?? ''] });
    await settle();
    const [row] = await db
      .select()
      .from(schema.notices)
      .where(eq(schema.notices.id, notice?.id ?? ''));
    expect(row?.state).toBe('skipped');
    expect(await mailsTo('member@x.example')).toHaveLength(3);
  });
});
