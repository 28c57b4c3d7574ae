import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hasChromium, launchBrowser, screenshot } from './browser';
import './provided-context';

const baseUrl = inject('baseUrl');
const port = inject('port');
const demoPassword = inject('demoPassword');

async function signIn(page: Page, email: string, password: string) {
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe.skipIf(!hasChromium)(
  'accounts in the browser (skipped only when /usr/bin/chromium is missing)',
  () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('admin invites a member, the member signs up, signs in again and is refused the admin app', async () => {
      const adminContext = await browser.newContext();
      const admin = await adminContext.newPage();
      await admin.goto(`${baseUrl}/admin/`);
      await expect(admin.getByRole('heading', { name: 'Admin sign-in' }).waitFor()).resolves.toBeUndefined();

      await signIn(admin, 'admin@demo.local', 'wrong-password-123');
      await admin.getByRole('alert').waitFor();
      expect(await admin.getByRole('alert').textContent()).toMatch(/invalid email or password/i);

      await signIn(admin, 'admin@demo.local', demoPassword);
      await admin.getByRole('heading', { name: 'Overview' }).waitFor();
      await admin.getByRole('link', { name: 'Invites' }).first().click();
      await admin.getByRole('heading', { name: 'New invite' }).waitFor();
      await admin.getByRole('button', { name: 'Create invite' }).click();
      const linkField = admin.getByLabel('Invite link');
      await linkField.waitFor();
      const inviteUrl = await linkField.inputValue();
      expect(inviteUrl).toMatch(new RegExp(`^${baseUrl}/signup\\?invite=`));
      await screenshot(admin, 'admin-invites');

      // The member opens the link in a browser of their own.
      const memberContext = await browser.newContext();
      const member = await memberContext.newPage();
      await member.goto(inviteUrl);
      await member.getByRole('heading', { name: 'Join the community' }).waitFor();
      // The page offers what it has: a password, no "choose how you sign in".
      await member
        .getByText('You were invited. Create your account: your name, your e-mail and a password.')
        .waitFor();
      expect(await member.getByText(/choose how you sign in/i).count()).toBe(0);
      const signUps: string[] = [];
      member.on('request', (request) => {
        if (request.url().includes('/api/auth/sign-up')) signUps.push(request.url());
      });
      await member.getByLabel('Your name').fill('Mara Member');
      await member.getByLabel('E-mail').fill('mara@example.test');
      // A short password is answered beside the field, like every other form (no browser popup).
      const password = member.getByLabel('Password (at least 10 characters)');
      expect(await member.locator('form').evaluate((form: HTMLFormElement) => form.noValidate)).toBe(true);
      await password.fill('short');
      await member.getByLabel('Password again').fill('short');
      await member.getByRole('button', { name: 'Create account' }).click();
      await member.getByText('Use at least 10 characters.').waitFor();
      expect(await password.getAttribute('aria-invalid')).toBe('true');
      expect(await password.evaluate((input: HTMLInputElement) => input.validationMessage)).toBe('');
      expect(signUps).toEqual([]);
      await password.fill('mara-secret-pass');
      await member.getByLabel('Password again').fill('mara-secret-pass');
      await member.getByRole('button', { name: 'Create account' }).click();
      await member.getByRole('heading', { name: 'Welcome, Mara Member' }).waitFor();
      await screenshot(member, 'member-home');

      expect(signUps).toHaveLength(1);

      // The used link cannot be used again.
      const stranger = await (await browser.newContext()).newPage();
      await stranger.goto(inviteUrl);
      await stranger.getByText('This invite has already been used').waitFor();
      await stranger.getByRole('link', { name: 'Already a member? Sign in' }).waitFor();
      // Opened again by the member, signed in: the way home, not "Sign in".
      await member.goto(inviteUrl);
      await member.getByRole('heading', { name: 'This invite cannot be used' }).waitFor();
      await member.getByText('You are signed in as mara@example.test.').waitFor();
      expect(await member.getByRole('link', { name: /sign in/i }).count()).toBe(0);
      await member.getByRole('link', { name: 'Go to the home page' }).click();
      await member.getByRole('heading', { name: 'Welcome, Mara Member' }).waitFor();

      // Sign out, sign in again as the new member.
      await member.getByRole('button', { name: 'Sign out' }).click();
      await member.getByRole('heading', { name: 'Sign in to Party media' }).waitFor();
      await signIn(member, 'mara@example.test', 'mara-secret-pass');
      await member.getByRole('heading', { name: 'Welcome, Mara Member' }).waitFor();

      // An address that is no page says so and leads back (the server answers it with the SPA).
      await member.goto(`${baseUrl}/musicx`);
      await member.getByRole('heading', { name: 'Page not found' }).waitFor();
      await member.getByRole('link', { name: 'Back to the start page' }).click();
      await member.getByRole('heading', { name: 'Welcome, Mara Member' }).waitFor();

      // A member is refused the admin SPA with a clear message.
      await member.goto(`${baseUrl}/admin/`);
      await member.getByRole('heading', { name: 'Admins only' }).waitFor();
      expect(await member.getByRole('alert').textContent()).toContain('mara@example.test');
      await screenshot(member, 'member-refused-admin');

      // The admin sees the new account in the member list.
      await admin.getByRole('link', { name: 'Members' }).click();
      await admin.getByRole('cell', { name: 'mara@example.test' }).waitFor();

      // A path that only starts like a page is none: not the events list, not the overview.
      await admin.goto(`${baseUrl}/admin/eventsx`);
      await admin.getByRole('heading', { name: 'Page not found' }).waitFor();
      await admin.getByRole('link', { name: 'Back to the overview' }).click();
      await admin.getByRole('heading', { name: 'Overview' }).waitFor();
      await adminContext.close();
      await memberContext.close();
    });

    it('signs in through 127.0.0.1 as well as localhost, and lays out on a phone', async () => {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${port}/admin/`);
      await signIn(page, 'admin@demo.local', demoPassword);
      await page.getByRole('heading', { name: 'Overview' }).waitFor();
      await page.getByRole('link', { name: 'Members' }).click();
      await page.getByRole('cell', { name: 'member@demo.local' }).waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await screenshot(page, 'admin-members-phone');
      await context.close();
    });

    it('shows German to a German browser, and the language switch turns it English and remembers it', async () => {
      const context = await browser.newContext({ locale: 'de-DE' });
      const page = await context.newPage();
      await page.goto(`${baseUrl}/`);
      await page.getByRole('heading', { name: 'Bei Party media anmelden' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
      await expect(page.getByLabel('Passwort').count()).resolves.toBe(1);
      await expect(page.getByRole('button', { name: 'Anmelden' }).count()).resolves.toBe(1);

      await page.getByRole('combobox', { name: 'Sprache' }).selectOption('en');
      await page.getByRole('heading', { name: 'Sign in to Party media' }).waitFor();
      await expect(page.getByRole('button', { name: 'Sign in' }).count()).resolves.toBe(1);
      // The choice outlives a reload, whatever the browser's own languages say.
      await page.reload();
      await page.getByRole('heading', { name: 'Sign in to Party media' }).waitFor();
      await expect(page.getByRole('combobox', { name: 'Language' }).inputValue()).resolves.toBe('en');
      await context.close();
    });
  },
);
