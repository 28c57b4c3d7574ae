import { schema } from '@party/db';
import { useTestDatabase } from '@party/testing';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sessionCheckOf } from '../src/auth/create-auth';
import { createUserWithPassword } from '../src/auth/create-user';
import { checkSession } from '../src/auth/session-check';
import { resolveViewer } from '../src/context';
import { postAuth, testAuth } from './helpers';

/*
 * The one-statement session check must give exactly better-auth's answer: for every case it either
 * decides as `getSession` would, or hands the request to `getSession` (which then writes as before).
 */

const { db } = await useTestDatabase();
const auth = testAuth(db);
const check = sessionCheckOf(auth);
const config = await check?.config;
if (!config) throw new Error('createAuth registered no session check');

let people = 0;
/** A fresh member signed in through better-auth; returns the Cookie header the browser would send. */
async function signedIn(role: 'member' | 'admin' = 'member') {
  people += 1;
  const email = `person${people}@test.local`;
  const { id } = await createUserWithPassword(auth, { email, password: 'a-long-password', name: 'P', role });
  const response = await postAuth(
    auth,
    '/sign-in/email',
    { email, password: 'a-long-password' },
    { ip: `203.0.113.${people}` },
  );
  expect(response.status).toBe(200);
  const setCookie = response.headers.get('set-cookie') ?? '';
  const pair = setCookie.split(';')[0] ?? '';
  expect(pair.startsWith(`${config?.sessionCookieName}=`)).toBe(true);
  const [token] = decodeURIComponent(pair.slice(pair.indexOf('=') + 1)).split('.');
  return { id, email, cookie: `theme=dark; ${pair}`, token: token ?? '' };
}

const fast = (cookie: string | null) => checkSession(db, config, cookie);
const reference = async (cookie: string | null) =>
  (await auth.api.getSession({ headers: new Headers(cookie ? { cookie } : {}) }))?.user ?? null;
const viewerOf = (cookie: string) => resolveViewer(auth, new Headers({ cookie }));

describe('session check (one statement) against better-auth getSession', () => {
  it('finds the signed-in person with their role, as getSession does', async () => {
    const person = await signedIn();
    const answer = await fast(person.cookie);
    expect(answer).toEqual({
      kind: 'fast',
      user: { id: person.id, email: person.email, name: 'P', role: 'member', disabled: false },
    });
    expect((await reference(person.cookie))?.id).toBe(person.id);
    expect(await viewerOf(person.cookie)).toEqual({
      id: person.id,
      email: person.email,
      name: 'P',
      role: 'member',
    });
  });

  it('answers null without a cookie, with other cookies only, or with a forged signature', async () => {
    const person = await signedIn();
    const forged = person.cookie.replace(/\.[^.]+$/, `.${'A'.repeat(43)}=`);
    const unsigned = `${config.sessionCookieName}=${person.token}`;
    for (const cookie of [null, 'theme=dark', forged, unsigned]) {
      const answer = await fast(cookie);
      expect(answer.kind === 'delegate' || answer.user === null).toBe(true);
      expect(await reference(cookie)).toBeNull();
      if (cookie) expect(await viewerOf(cookie)).toBeNull();
    }
    // Another person's token under a valid-looking signature made with a different secret.
    const other = await signedIn();
    const wrongSecret = `${config.sessionCookieName}=${encodeURIComponent(`${other.token}.${'B'.repeat(43)}=`)}`;
    expect(await viewerOf(wrongSecret)).toBeNull();
  });

  it('sees a role change, a disabled account and an ended session at the very next request', async () => {
    const person = await signedIn();
    await db.update(schema.user).set({ role: 'admin' }).where(eq(schema.user.id, person.id));
    expect((await viewerOf(person.cookie))?.role).toBe('admin');
    // Disabled without its sessions ended (the flag alone must already lock them out).
    await db.update(schema.user).set({ disabled: true }).where(eq(schema.user.id, person.id));
    expect(await viewerOf(person.cookie)).toBeNull();
    expect((await reference(person.cookie))?.disabled).toBe(true);
    await db.update(schema.user).set({ disabled: false }).where(eq(schema.user.id, person.id));
    expect(await viewerOf(person.cookie)).not.toBeNull();
    await db.delete(schema.session).where(eq(schema.session.token, person.token));
    expect(await fast(person.cookie)).toEqual({ kind: 'fast', user: null });
    expect(await reference(person.cookie)).toBeNull();
    expect(await viewerOf(person.cookie)).toBeNull();
  });

  it('leaves an expired session to better-auth, which deletes it', async () => {
    const person = await signedIn();
    await db
      .update(schema.session)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(schema.session.token, person.token));
    expect(await fast(person.cookie)).toEqual({ kind: 'delegate' });
    expect(await viewerOf(person.cookie)).toBeNull();
    const left = await db.select().from(schema.session).where(eq(schema.session.token, person.token));
    expect(left).toEqual([]);
  });

  it('leaves a session due for extension to better-auth, which extends it', async () => {
    const person = await signedIn();
    // Issued more than updateAge ago: better-auth moves its expiry forward on the next check.
    const old = new Date(Date.now() + (config.expiresIn - config.updateAge - 60) * 1000);
    await db.update(schema.session).set({ expiresAt: old }).where(eq(schema.session.token, person.token));
    expect(await fast(person.cookie)).toEqual({ kind: 'delegate' });
    expect((await viewerOf(person.cookie))?.id).toBe(person.id);
    const [row] = await db.select().from(schema.session).where(eq(schema.session.token, person.token));
    expect(row?.expiresAt.getTime()).toBeGreaterThan(old.getTime());
    // Extended: the fast path answers again.
    expect((await fast(person.cookie)).kind).toBe('fast');
  });

  it('leaves "don\'t remember me" sessions to better-auth', async () => {
    const person = await signedIn();
    const cookie = `${person.cookie}; ${config.dontRememberCookieName}=x`;
    expect(await fast(cookie)).toEqual({ kind: 'delegate' });
    expect((await viewerOf(cookie))?.id).toBe(person.id);
  });
});
