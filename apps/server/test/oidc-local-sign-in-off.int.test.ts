import type { OidcOptions } from '@party/api/auth';
import { startOidcProvider } from '@party/dev-services/oidc-provider';
import { afterAll, describe, expect, it } from 'vitest';
import { OidcBrowser } from './oidc-flow';
import { DEMO_PASSWORD, PUBLIC_URL, useTestApp } from './test-app';

const CLIENT = {
  clientId: 'party-media',
  clientSecret: 'party-media-secret-for-tests',
  redirectUris: [`${PUBLIC_URL}/api/auth/callback/ticketing`],
  postLogoutRedirectUris: [`${PUBLIC_URL}/`],
};
const idp = await startOidcProvider({
  users: [
    {
      subject: 'mia',
      username: 'mia',
      password: 'mia-password',
      email: 'mia@tickets.test',
      emailVerified: true,
      name: 'Mia',
      groups: ['member'],
    },
  ],
  client: CLIENT,
});
afterAll(() => idp.stop());

const oidc: OidcOptions = {
  issuer: idp.url,
  clientId: CLIENT.clientId,
  clientSecret: CLIENT.clientSecret,
  providerName: 'Tickets Test',
  scopes: ['openid', 'email', 'profile'],
  rolesClaim: 'groups',
  memberValue: 'member',
  adminValue: 'admin',
};
const { app } = await useTestApp({ signIn: { oidc, localSignIn: false } });

function passwordSignIn(email: string, password: string) {
  return app.inject({
    method: 'POST',
    url: '/api/auth/sign-in/email',
    headers: { 'content-type': 'application/json', origin: PUBLIC_URL },
    payload: { email, password },
  });
}

describe('LOCAL_SIGN_IN=false', () => {
  it('tells the login pages to hide the password form', async () => {
    expect((await app.inject('/api/auth/login-options')).json()).toEqual({
      provider: { id: 'ticketing', name: 'Tickets Test' },
      localSignIn: false,
    });
  });

  it('refuses password sign-in of a member with a sentence, and sets no session', async () => {
    const response = await passwordSignIn('member@demo.local', DEMO_PASSWORD);
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({
      code: 'local_sign_in_disabled',
      message: 'Password sign-in is turned off here: use "Sign in with Tickets Test".',
    });
    expect(response.headers['set-cookie'] ?? []).not.toContainEqual(
      expect.stringMatching(/session_token=[^;]+/),
    );
  });

  it('answers a wrong password the same for members and admins (no hint who is an admin)', async () => {
    const member = await passwordSignIn('member@demo.local', 'wrong-password-1');
    const admin = await passwordSignIn('admin@demo.local', 'wrong-password-1');
    expect(member.statusCode).toBe(401);
    expect(admin.statusCode).toBe(401);
    expect(member.json()).toEqual(admin.json());
  });

  it('still lets an admin with a local password in (break-glass)', async () => {
    const response = await passwordSignIn('admin@demo.local', DEMO_PASSWORD);
    expect(response.statusCode).toBe(200);
  });

  it('refuses password sign-up, invite or not', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-up/email',
      headers: { 'content-type': 'application/json', origin: PUBLIC_URL },
      payload: { email: 'new@test.local', password: 'a-long-password', name: 'New', inviteToken: 'x' },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: 'local_sign_in_disabled' });
  });

  it('signs members in through the provider', async () => {
    const browser = new OidcBrowser(app, PUBLIC_URL);
    await browser.signIn({ username: 'mia', password: 'mia-password' });
    expect(await browser.me()).toMatchObject({ email: 'mia@tickets.test', role: 'member' });
  });
});
