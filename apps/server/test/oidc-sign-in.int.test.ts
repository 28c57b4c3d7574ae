import { createAuth, generateInviteToken, type OidcOptions } from '@party/api/auth';
import { createInvite, findUserByEmail, schema } from '@party/db';
import { type IdpUser, startOidcProvider } from '@party/dev-services/oidc-provider';
import { and, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { CLIENT_IP_HEADER } from '../src/routes/auth';
import { OidcBrowser } from './oidc-flow';
import { PUBLIC_URL, useTestApp } from './test-app';

const CLIENT = {
  clientId: 'party-media',
  clientSecret: 'party-media-secret-for-tests',
  redirectUris: [`${PUBLIC_URL}/api/auth/callback/ticketing`],
  postLogoutRedirectUris: [`${PUBLIC_URL}/`, `${PUBLIC_URL}/admin/`],
};

function person(subject: string, groups: string[], overrides: Partial<IdpUser> = {}): IdpUser {
  return {
    subject,
    username: subject,
    password: `${subject}-password`,
    email: `${subject}@tickets.test`,
    emailVerified: true,
    name: subject,
    groups,
    ...overrides,
  };
}

const USERS = [
  person('mia', ['community']),
  person('ada', ['community', 'media-admins']),
  person('otto', ['newsletter']),
  person('dora', ['community']),
  person('carl', ['community']),
  // The seeded member@demo.local, verified at the provider: linked.
  person('linda', ['community'], { email: 'member@demo.local' }),
  // Claims admin@demo.local without the provider having verified it: never linked.
  person('mallory', ['community', 'media-admins'], { email: 'ADMIN@demo.local', emailVerified: false }),
  // Local accounts made through an invite bound to their address, and through an open invite.
  person('bea', ['community'], { email: 'bound@tickets.test' }),
  person('olaf', ['community'], { email: 'open@tickets.test' }),
];

const login = (subject: string) => ({ username: subject, password: `${subject}-password` });

const idp = await startOidcProvider({ users: USERS, client: CLIENT });
afterAll(() => idp.stop());

const oidc: OidcOptions = {
  issuer: idp.url,
  clientId: CLIENT.clientId,
  clientSecret: CLIENT.clientSecret,
  providerName: 'Tickets Test',
  scopes: ['openid', 'email', 'profile'],
  rolesClaim: 'groups',
  memberValue: 'community',
  adminValue: 'media-admins',
};
const { app, db } = await useTestApp({ signIn: { oidc, localSignIn: true } });

async function ticketingAccount(subject: string) {
  return db.query.account.findFirst({
    where: and(eq(schema.account.providerId, 'ticketing'), eq(schema.account.accountId, subject)),
  });
}

describe('sign-in with the ticketing backend (OpenID Connect)', () => {
  it('tells the login pages what is configured', async () => {
    const response = await app.inject('/api/auth/login-options');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      provider: { id: 'ticketing', name: 'Tickets Test' },
      localSignIn: true,
    });
  });

  it('starts an authorization code flow with PKCE, state and nonce at the discovered endpoint', async () => {
    const started = await new OidcBrowser(app, PUBLIC_URL).startSignIn();
    const url = new URL(started.url ?? '');
    expect(`${url.origin}${url.pathname}`).toBe(`${idp.issuer}/auth`);
    const params = Object.fromEntries(url.searchParams);
    expect(params).toMatchObject({
      response_type: 'code',
      client_id: 'party-media',
      redirect_uri: `${PUBLIC_URL}/api/auth/callback/ticketing`,
      code_challenge_method: 'S256',
    });
    expect(params.scope?.split(' ').sort()).toEqual(['email', 'openid', 'profile']);
    expect(params.state).toMatch(/.{16,}/);
    expect(params.nonce).toMatch(/.{16,}/);
    expect(params.code_challenge).toMatch(/^[\w-]{43}$/);
  });

  it('signs a person with the member claim in as a member, keyed by their subject, without an invite', async () => {
    const browser = new OidcBrowser(app, PUBLIC_URL);
    const result = await browser.signIn(login('mia'));
    expect(result).toMatchObject({ location: '/', error: undefined });
    const me = await browser.me();
    expect(me).toMatchObject({ email: 'mia@tickets.test', role: 'member' });
    expect(await ticketingAccount('mia')).toMatchObject({ userId: me?.id });
  });

  it('makes a person with the admin claim an admin', async () => {
    const browser = new OidcBrowser(app, PUBLIC_URL);
    await browser.signIn(login('ada'));
    expect(await browser.me()).toMatchObject({ email: 'ada@tickets.test', role: 'admin' });
  });

  it('refuses a person without the member claim with a sentence saying why, and creates nothing', async () => {
    const browser = new OidcBrowser(app, PUBLIC_URL);
    const result = await browser.signIn(login('otto'));
    expect(result.error).toBe('not_a_member');
    expect(result.description).toBe(
      'Your Tickets Test account is not a member of this community, so it cannot sign in here.',
    );
    expect(await browser.me()).toBeNull();
    expect(await findUserByEmail(db, 'otto@tickets.test')).toBeUndefined();
    expect(await ticketingAccount('otto')).toBeUndefined();
  });

  it('re-reads the role at every sign-in: promotion, demotion, exclusion', async () => {
    const first = new OidcBrowser(app, PUBLIC_URL);
    await first.signIn(login('dora'));
    const dora = await first.me();
    expect(dora).toMatchObject({ role: 'member' });

    idp.updateUser('dora', { groups: ['community', 'media-admins'] });
    const second = new OidcBrowser(app, PUBLIC_URL);
    await second.signIn(login('dora'));
    expect(await second.me()).toMatchObject({ id: dora?.id, role: 'admin' });

    idp.updateUser('dora', { groups: ['community'] });
    const third = new OidcBrowser(app, PUBLIC_URL);
    await third.signIn(login('dora'));
    expect(await third.me()).toMatchObject({ id: dora?.id, role: 'member' });

    idp.updateUser('dora', { groups: [] });
    const fourth = new OidcBrowser(app, PUBLIC_URL);
    expect((await fourth.signIn(login('dora'))).error).toBe('not_a_member');
    expect(await fourth.me()).toBeNull();
  });

  it('links an existing local account by an e-mail the provider verified', async () => {
    const local = await findUserByEmail(db, 'member@demo.local');
    const browser = new OidcBrowser(app, PUBLIC_URL);
    const result = await browser.signIn(login('linda'));
    expect(result.error).toBeUndefined();
    expect(await browser.me()).toMatchObject({ id: local?.id, email: 'member@demo.local', role: 'member' });
    expect(await ticketingAccount('linda')).toMatchObject({ userId: local?.id });
  });

  it('never links by an e-mail the provider has not verified', async () => {
    const admin = await findUserByEmail(db, 'admin@demo.local');
    const browser = new OidcBrowser(app, PUBLIC_URL);
    const result = await browser.signIn(login('mallory'));
    expect(result.error).toBe('account_not_linked');
    expect(await browser.me()).toBeNull();
    expect(await ticketingAccount('mallory')).toBeUndefined();
    const accounts = await db.query.account.findMany({ where: eq(schema.account.userId, admin?.id ?? '') });
    expect(accounts.map((account) => account.providerId)).toEqual(['credential']);
  });

  it('links to an invite-made account only when the invite was bound to that address', async () => {
    const admin = await findUserByEmail(db, 'admin@demo.local');
    async function signUpWithInvite(email: string, boundTo: string | null) {
      const { token, tokenHash } = generateInviteToken();
      await createInvite(db, {
        tokenHash,
        role: 'member',
        email: boundTo,
        createdBy: admin?.id ?? '',
        expiresAt: new Date(Date.now() + 60_000),
      });
      const response = await app.inject({
        method: 'POST',
        url: '/api/auth/sign-up/email',
        headers: { 'content-type': 'application/json', origin: PUBLIC_URL },
        payload: { email, password: 'a-long-password', name: email, inviteToken: token },
      });
      expect(response.statusCode).toBe(200);
      return findUserByEmail(db, email);
    }
    // The admin vouched for this address: the provider's verified address may take the account over.
    const bound = await signUpWithInvite('bound@tickets.test', 'bound@tickets.test');
    expect(bound?.emailVerified).toBe(true);
    const bea = new OidcBrowser(app, PUBLIC_URL);
    expect((await bea.signIn(login('bea'))).error).toBeUndefined();
    expect(await bea.me()).toMatchObject({ id: bound?.id });

    // Anyone holding an open invite could have typed any address: never linked.
    const open = await signUpWithInvite('open@tickets.test', null);
    expect(open?.emailVerified).toBe(false);
    const olaf = new OidcBrowser(app, PUBLIC_URL);
    expect((await olaf.signIn(login('olaf'))).error).toBe('account_not_linked');
    expect(await ticketingAccount('olaf')).toBeUndefined();
  });

  it('keeps the same account when the e-mail changes at the provider', async () => {
    const first = new OidcBrowser(app, PUBLIC_URL);
    await first.signIn(login('carl'));
    const carl = await first.me();
    idp.updateUser('carl', { email: 'carl.new@tickets.test' });
    const second = new OidcBrowser(app, PUBLIC_URL);
    expect((await second.signIn(login('carl'))).error).toBeUndefined();
    expect(await second.me()).toMatchObject({ id: carl?.id });
    expect(await findUserByEmail(db, 'carl.new@tickets.test')).toBeUndefined();
  });

  it('refuses a callback whose state was tampered with', async () => {
    const browser = new OidcBrowser(app, PUBLIC_URL);
    const started = await browser.startSignIn();
    const { appUrl } = await browser.atProvider(started.url ?? '', login('mia'));
    const tampered = new URL(appUrl ?? '');
    tampered.searchParams.set('state', `${tampered.searchParams.get('state')}x`);
    const answer = await browser.callback(tampered.toString());
    expect(answer.status).toBe(302);
    expect(new URL(answer.location, PUBLIC_URL).searchParams.get('error')).toMatch(/state/);
    expect(await browser.me()).toBeNull();
  });

  it('refuses a callback that names another issuer (RFC 9207 iss)', async () => {
    const browser = new OidcBrowser(app, PUBLIC_URL);
    const started = await browser.startSignIn();
    const { appUrl } = await browser.atProvider(started.url ?? '', login('mia'));
    const forged = new URL(appUrl ?? '');
    expect(forged.searchParams.get('iss')).toBe(idp.issuer);
    forged.searchParams.set('iss', 'https://evil.example');
    const answer = await browser.callback(forged.toString());
    expect(new URL(answer.location, PUBLIC_URL).searchParams.get('error')).toBe('issuer_mismatch');
    expect(await browser.me()).toBeNull();
  });

  it('refuses a callback without the iss its provider announces (RFC 9207 §2.4)', async () => {
    const browser = new OidcBrowser(app, PUBLIC_URL);
    const started = await browser.startSignIn();
    const { appUrl } = await browser.atProvider(started.url ?? '', login('mia'));
    const stripped = new URL(appUrl ?? '');
    stripped.searchParams.delete('iss');
    const answer = await browser.callback(stripped.toString());
    expect(answer.status).toBe(302);
    expect(new URL(answer.location, PUBLIC_URL).searchParams.get('error')).toBe('issuer_missing');
    expect(await browser.me()).toBeNull();
  });

  it('refuses an ID token sent by the client instead of the code flow', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/social',
      headers: { 'content-type': 'application/json', origin: PUBLIC_URL },
      payload: { provider: 'ticketing', idToken: { token: 'a.b.c' } },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'id_token_sign_in_refused' });
  });

  it('ends the provider session at sign-out (RP-initiated logout), so the next sign-in asks again', async () => {
    const browser = new OidcBrowser(app, PUBLIC_URL);
    await browser.signIn(login('mia'));
    // Still signed in at the provider: a new sign-in goes straight through without a password.
    const again = await browser.startSignIn();
    expect((await browser.atProvider(again.url ?? '')).appUrl).toBeDefined();

    const logout = new URL((await browser.signOut('/')) ?? '');
    expect(`${logout.origin}${logout.pathname}`).toBe(`${idp.issuer}/session/end`);
    expect(logout.searchParams.get('post_logout_redirect_uri')).toBe(`${PUBLIC_URL}/`);
    expect(logout.searchParams.get('id_token_hint')).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(await browser.me()).toBeNull();

    // The provider's logout page submits itself; this client posts its form the same way.
    const confirm = await fetch(logout, { headers: { cookie: browser.idp.header() } });
    browser.idp.store(confirm.headers.getSetCookie());
    const page = await confirm.text();
    const action = /action="([^"]+)"/.exec(page)?.[1] ?? '';
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const ended = await fetch(new URL(action, logout), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: browser.idp.header() },
      body: new URLSearchParams({ xsrf, logout: 'yes' }).toString(),
    });
    browser.idp.store(ended.headers.getSetCookie());
    expect(ended.headers.get('location')).toBe(`${PUBLIC_URL}/`);

    const next = await browser.startSignIn();
    const atProvider = await browser.atProvider(next.url ?? '');
    expect(atProvider.appUrl).toBeUndefined();
    expect(atProvider.page).toContain('name="password"');
  });
});

describe('a provider that names another issuer in its discovery document', () => {
  it('is refused before anyone is sent to it', async () => {
    const liar = await startOidcProvider({
      users: USERS,
      client: CLIENT,
      issuerOverride: 'https://tickets.example.org',
    });
    try {
      const auth = createAuth({
        db,
        secret: 'integration-secret-integration-secret',
        baseURL: PUBLIC_URL,
        trustedOrigins: [],
        clientIpHeader: CLIENT_IP_HEADER,
        signIn: { oidc: { ...oidc, issuer: liar.url }, localSignIn: true },
      });
      const response = await auth.handler(
        new Request(`${PUBLIC_URL}/api/auth/sign-in/social`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: PUBLIC_URL },
          body: JSON.stringify({ provider: 'ticketing', callbackURL: '/' }),
        }),
      );
      expect(response.status).toBe(502);
      expect(await response.json()).toMatchObject({ code: 'issuer_mismatch' });
    } finally {
      await liar.stop();
    }
  });
});
