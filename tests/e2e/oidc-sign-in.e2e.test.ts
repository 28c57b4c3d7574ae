import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type IdpUser, type RunningOidcProvider, startOidcProvider } from '@party/dev-services/oidc-provider';
import { freePort, type ServerProcess, startServerProcess } from '@party/testing/server-process';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launchBrowser, screenshot } from './browser';

const PROVIDER = 'Tickets Test';

function person(subject: string, name: string, groups: string[]): IdpUser {
  return {
    subject,
    username: subject,
    password: `${subject}-password`,
    email: `${subject}@tickets.test`,
    emailVerified: true,
    name,
    groups,
  };
}

async function providerLogin(page: Page, subject: string) {
  await page.getByLabel('Username').fill(subject);
  await page.getByLabel('Password').fill(`${subject}-password`);
  await page.getByRole('button', { name: 'Log in' }).click();
}

describe.skipIf(!hasChromium)(
  'sign-in with the ticketing backend in the browser (skipped only when /usr/bin/chromium is missing)',
  () => {
    let browser: Browser;
    let idp: RunningOidcProvider;
    let server: ServerProcess;
    let dataDir: string;
    let baseUrl: string;

    beforeAll(async () => {
      // A server of its own, configured for the provider (the shared one runs without it).
      const port = await freePort();
      baseUrl = `http://localhost:${port}`;
      idp = await startOidcProvider({
        users: [
          person('mia', 'Mia Member', ['member']),
          person('ada', 'Ada Admin', ['member', 'admin']),
          person('otto', 'Otto Outsider', ['newsletter']),
        ],
        client: {
          clientId: 'party-media',
          clientSecret: 'party-media-e2e-secret',
          redirectUris: [`${baseUrl}/api/auth/callback/ticketing`],
          postLogoutRedirectUris: [`${baseUrl}/`, `${baseUrl}/admin/`],
        },
      });
      dataDir = await mkdtemp(path.join(tmpdir(), 'party-e2e-oidc-'));
      await chmod(dataDir, 0o755);
      server = await startServerProcess({
        inherit: process.env,
        dataDir,
        port,
        env: {
          SEED_DEMO: 'false',
          OIDC_ISSUER: idp.url,
          OIDC_CLIENT_ID: 'party-media',
          OIDC_CLIENT_SECRET: 'party-media-e2e-secret',
          OIDC_PROVIDER_NAME: PROVIDER,
        },
      });
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
      await server?.stop();
      await idp?.stop();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    });

    it('signs a member in through the provider, and sign-out ends the provider session too', async () => {
      const page = await (await browser.newContext()).newPage();
      await page.goto(`${baseUrl}/`);
      await page.getByRole('button', { name: `Sign in with ${PROVIDER}` }).click();
      await page.getByRole('heading', { name: 'Ticketing backend' }).waitFor();
      await providerLogin(page, 'mia');
      await page.getByRole('heading', { name: 'Welcome, Mia Member' }).waitFor();
      await screenshot(page, 'oidc-member-signed-in');

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('button', { name: `Sign in with ${PROVIDER}` }).waitFor();
      expect(new URL(page.url()).origin).toBe(baseUrl);
      // The provider forgot the session: it asks for the password again.
      await page.getByRole('button', { name: `Sign in with ${PROVIDER}` }).click();
      await page.getByLabel('Username').waitFor();
      expect(new URL(page.url()).origin).toBe(idp.url);
    });

    it('brings a person with the admin claim into the admin app', async () => {
      const page = await (await browser.newContext()).newPage();
      await page.goto(`${baseUrl}/admin/`);
      await page.getByRole('heading', { name: 'Admin sign-in' }).waitFor();
      await page.getByRole('button', { name: `Sign in with ${PROVIDER}` }).click();
      await providerLogin(page, 'ada');
      await page.getByRole('heading', { name: 'Overview' }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/admin/');
    });

    it('tells a person without the member claim why they cannot enter', async () => {
      const page = await (await browser.newContext()).newPage();
      await page.goto(`${baseUrl}/`);
      await page.getByRole('button', { name: `Sign in with ${PROVIDER}` }).click();
      await providerLogin(page, 'otto');
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toBe(
        `Your ${PROVIDER} account is not a member of this community, so it cannot sign in here. If you think this is wrong, ask the organisers to add you to the community at ${PROVIDER}.`,
      );
      // The reason was taken from the address; a reload shows a clean sign-in page.
      expect(new URL(page.url()).search).toBe('');
      await screenshot(page, 'oidc-not-a-member');
    });
  },
);
