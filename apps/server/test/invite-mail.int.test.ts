import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createCaller, createContext, type MailServices } from '@party/api';
import { createAuth, inviteLinkKey } from '@party/api/auth';
import { findUserByEmail } from '@party/db';
import { readCaughtMail, startSmtpCatchAll } from '@party/dev-services/smtp-catch-all';
import { createMediaDelivery, createS3Client, mediaTokenKey } from '@party/storage';
import { seedUser, useJobQueue, useTestDatabase } from '@party/testing';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createMailer, type Mailer } from '../src/mail/mailer';
import { CLIENT_IP_HEADER } from '../src/routes/auth';
import { sendInviteMailHandler } from '../src/worker/processors/send-invite-mail';

// The admin opened the app on 127.0.0.1 while the configured fallback says localhost (issue 16).
const FALLBACK_URL = 'http://localhost:3000';
const ADMIN_ORIGIN = 'http://127.0.0.1:3000';
const SECRET = 'invite-mail-secret-invite-mail-secret';

const { db, url } = await useTestDatabase();
const jobs = await useJobQueue(url);
const mailDir = await mkdtemp(path.join(tmpdir(), 'party-mail-'));
const catchAll = await startSmtpCatchAll({ directory: mailDir });
const working = createMailer({ smtpUrl: catchAll.url, from: '"Night Owls" <no-reply@127.0.0.1>' });

/** A port nothing listens on: the SMTP server is down. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 9;
}
const down = createMailer({ smtpUrl: `smtp://127.0.0.1:${await closedPort()}`, from: 'x@127.0.0.1' });
// The worker's mailer; a test switches it to `down` to take the SMTP server away.
let current: Mailer = working;
const switchable: Mailer = { send: (message) => current.send(message), close: () => {} };

afterAll(async () => {
  working.close();
  down.close();
  await catchAll.stop();
  await rm(mailDir, { recursive: true, force: true });
});

const linkKey = inviteLinkKey(SECRET);
await jobs.work(
  'send-invite-mail',
  sendInviteMailHandler({ db, mailer: switchable, linkKey, community: 'Night Owls' }),
);

const auth = createAuth({
  db,
  secret: SECRET,
  baseURL: FALLBACK_URL,
  trustedOrigins: [ADMIN_ORIGIN],
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

/** A caller as the tRPC route builds it, for a request from the admin app on 127.0.0.1. */
async function adminCaller(admin: { id: string; email: string; name: string }, mail = localMail) {
  await seedUser(db, { ...admin, role: 'admin' }).catch(() => {});
  const ctx = await createContext({
    db,
    auth,
    delivery,
    storage,
    jobs: jobs.queue,
    publicUrl: FALLBACK_URL,
    linkOrigins: [FALLBACK_URL, ADMIN_ORIGIN],
    mail,
    headers: new Headers({ origin: ADMIN_ORIGIN }),
  });
  return createCaller({ ...ctx, viewer: { ...admin, role: 'admin' } });
}

const boss = { id: 'admin-alice', email: 'alice@test.local', name: 'Alice' };
const caller = await adminCaller(boss);

async function mailTo(address: string) {
  let found: Awaited<ReturnType<typeof readCaughtMail>>[number] | undefined;
  // pg-boss polls every 2 s; half a minute is far past that.
  await vi.waitFor(
    async () => {
      found = (await readCaughtMail(mailDir)).find((mail) => mail.to.includes(address));
      expect(found).toBeDefined();
    },
    { timeout: 30_000, interval: 200 },
  );
  if (!found) throw new Error('unreachable');
  return found;
}

async function inviteRow(id: string) {
  return (await caller.admin.invites.list()).find((invite) => invite.id === id);
}

function signUp(email: string, token: string) {
  return auth.handler(
    new Request(`${ADMIN_ORIGIN}/api/auth/sign-up/email`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        origin: ADMIN_ORIGIN,
        [CLIENT_IP_HEADER]: '203.0.113.9',
      },
      body: JSON.stringify({ email, password: 'a-long-password', name: 'Newcomer', inviteToken: token }),
    }),
  );
}

describe('invites by e-mail, through a real SMTP server on loopback', () => {
  it('mails the invite to its address; the link uses the admin origin and its token signs up', async () => {
    const created = await caller.admin.invites.create({ email: 'New.One@x.example', sendEmail: true });
    expect(created.mailState).toBe('queued');
    expect(created.url.startsWith(`${ADMIN_ORIGIN}/signup?invite=`)).toBe(true);

    const mail = await mailTo('new.one@x.example');
    expect(mail.to).toEqual(['new.one@x.example']);
    expect(mail.subject).toBe('Your invite to Night Owls');
    expect(mail.text).toContain('Alice invites you to join Night Owls as a member.');
    expect(mail.html).toContain(`<a href="${created.url}">`);
    const link = /^(http\S+)$/m.exec(mail.text)?.[1] ?? '';
    expect(link).toBe(created.url);

    const token = new URL(link).searchParams.get('invite') ?? '';
    const response = await signUp('new.one@x.example', token);
    expect(response.status).toBe(200);
    expect(await findUserByEmail(db, 'new.one@x.example')).toMatchObject({ role: 'member' });
    expect(await inviteRow(created.id)).toMatchObject({ status: 'used', mailState: 'sent', mailError: null });
  });

  it('invites a pasted list, one mail per new address, and reports members and invalid entries', async () => {
    await seedUser(db, { email: 'member@x.example' });
    const results = await caller.admin.invites.createList({
      addresses: 'a@x.example\nMember@x.example; not-an-address\nBee <b@x.example>, a@x.example',
      sendEmail: true,
    });
    expect(results.map(({ input, outcome }) => [input, outcome])).toEqual([
      ['a@x.example', 'invited'],
      ['member@x.example', 'member'],
      ['not-an-address', 'invalid'],
      ['b@x.example', 'invited'],
    ]);
    for (const address of ['a@x.example', 'b@x.example']) {
      expect((await mailTo(address)).to).toEqual([address]);
    }
    const mails = await caller.admin.mail.caught();
    expect(mails.filter((mail) => mail.to.includes('member@x.example'))).toEqual([]);
    expect(mails.filter((mail) => mail.to.includes('a@x.example'))).toHaveLength(1);
  });

  it('retries while the SMTP server is down and shows the invite failed with the reason', async () => {
    current = down;
    try {
      const created = await caller.admin.invites.create({ email: 'waiting@x.example', sendEmail: true });
      await vi.waitFor(
        async () =>
          expect((await inviteRow(created.id))?.mailError).toMatch(
            /^Attempt 1 failed, retrying: .*ECONNREFUSED/,
          ),
        { timeout: 30_000, interval: 200 },
      );
      expect((await inviteRow(created.id))?.mailState).toBe('queued');
      // The queue waits 30 s and more between attempts; moving the due time up runs the same retries now.
      await vi.waitFor(
        async () => {
          await db.execute(
            sql`update pgboss.job set start_after = now() where name = 'send-invite-mail' and state = 'retry'`,
          );
          expect((await inviteRow(created.id))?.mailState).toBe('failed');
        },
        { timeout: 60_000, interval: 500 },
      );
      const invite = await inviteRow(created.id);
      expect(invite?.mailError).toMatch(
        /^Not sent after 5 attempts: The SMTP server did not answer \(connect ECONNREFUSED 127\.0\.0\.1:\d+\)$/,
      );
      const [job] = await db.execute<{ retry_count: number }>(
        sql`select retry_count from pgboss.job where name = 'send-invite-mail' and data->>'inviteId' = ${created.id}`,
      );
      expect(job?.retry_count).toBe(4);
      expect((await caller.admin.mail.caught()).some((mail) => mail.to.includes('waiting@x.example'))).toBe(
        false,
      );
    } finally {
      current = working;
    }
  });

  it('refuses header injection in the address and keeps it out of a name', async () => {
    await expect(
      caller.admin.invites.create({ email: 'victim@x.example\r\nBcc: all@x.example', sendEmail: true }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const [entry] = await caller.admin.invites.createList({
      addresses: 'victim@x.example\rBcc: all@x.example',
      sendEmail: true,
    });
    expect(entry?.outcome).toBe('invalid');

    const eve = await adminCaller({
      id: 'admin-eve',
      email: 'eve@test.local',
      name: 'Eve\r\nBcc: all@x.example',
    });
    await eve.admin.invites.create({ email: 'target@x.example', sendEmail: true });
    const mail = await mailTo('target@x.example');
    expect(mail.to).toEqual(['target@x.example']);
    expect(mail.headerNames).not.toContain('bcc');
    expect(mail.text.split('\n')[0]).toBe(
      'Eve Bcc: all@x.example invites you to join Night Owls as a member.',
    );
    expect((await caller.admin.mail.caught()).some((m) => m.to.includes('all@x.example'))).toBe(false);
  });

  it('with mail off, refuses to send by e-mail and still makes plain invites', async () => {
    const off = await adminCaller(boss, { mode: 'off', linkKey });
    await expect(off.admin.invites.create({ email: 'x@x.example', sendEmail: true })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringMatching(/no SMTP_URL/),
    });
    await expect(off.admin.mail.caught()).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect(await off.admin.mail.status()).toEqual({ mode: 'off' });
    const plain = await off.admin.invites.create({ email: 'x@x.example' });
    expect(plain.mailState).toBeNull();
  });
});
