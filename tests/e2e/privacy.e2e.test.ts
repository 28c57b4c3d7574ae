import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writePhotoJpeg } from '@party/media/test-fixtures';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hasChromium, launchBrowser, screenshot } from './browser';
import {
  objectKeyOf,
  signInApi,
  signInPage,
  trpcMutation,
  trpcQuery,
  tusUpload,
  waitUntil,
} from './member-helpers';
import './provided-context';

const baseUrl = inject('baseUrl');
const demoPassword = inject('demoPassword');

const EVENT = { title: 'Rooftop Privacy Night', slug: 'rooftop-privacy-night', eventDate: '2026-10-03' };
const OTHER = { email: 'otto@example.test', password: 'otto-secret-pass', name: 'Otto Other' };

interface AdminImage {
  id: string;
  originalName: string;
  status: string;
  failureReason: string | null;
}

/** The object key of the event card's cover image on the member home page. */
async function coverKey(page: Page): Promise<string> {
  // The event's card in the list of all events (Home's "latest" row shows it too).
  const card = page.locator('.event-cards .event-card', { hasText: EVENT.title });
  await card.waitFor();
  return objectKeyOf((await card.locator('img').getAttribute('src')) ?? '');
}

/** The object keys of every image on the page (presigned or proxied alike). */
async function imageKeys(page: Page): Promise<string[]> {
  const sources = await page
    .locator('img')
    .evaluateAll((images) => images.map((image) => image.getAttribute('src') ?? ''));
  return sources.filter(Boolean).map(objectKeyOf);
}

describe.skipIf(!hasChromium)(
  'photo takedown in the browser (skipped only without /usr/bin/chromium)',
  () => {
    let browser: Browser;
    let dir: string;
    /** The photo the member hides (the event's cover) and the one that stays. */
    let hiddenId = '';
    let keptId = '';

    beforeAll(async () => {
      browser = await launchBrowser();
      dir = await mkdtemp(path.join(tmpdir(), 'party-privacy-'));
      const admin = await signInApi(baseUrl, 'admin@demo.local', demoPassword);
      const event = await trpcMutation<{ id: string }>(baseUrl, admin, 'admin.events.create', EVENT);
      for (const [name, seed] of [
        ['me-in-front.jpg', 3],
        ['dance-floor.jpg', 7],
      ] as const) {
        const bytes = await readFile(await writePhotoJpeg(path.join(dir, name), 1200, 800, seed));
        await tusUpload(baseUrl, admin, bytes, {
          kind: 'image',
          eventId: event.id,
          filename: name,
          filetype: 'image/jpeg',
        });
      }
      const images = await waitUntil(
        async () => {
          const list = await trpcQuery<AdminImage[]>(baseUrl, admin, 'admin.images.list', {
            eventId: event.id,
          });
          const failed = list.find((image) => image.status === 'failed');
          if (failed) throw new Error(`processing failed: ${failed.failureReason}`);
          return list.length === 2 && list.every((image) => image.status === 'ready') ? list : undefined;
        },
        'both photos to be processed',
        90_000,
      );
      hiddenId = images.find((image) => image.originalName === 'me-in-front.jpg')?.id ?? '';
      keptId = images.find((image) => image.originalName === 'dance-floor.jpg')?.id ?? '';
      await trpcMutation(baseUrl, admin, 'admin.images.setVisibility', {
        eventId: event.id,
        visibility: 'members',
      });
      await trpcMutation(baseUrl, admin, 'admin.images.setCover', { eventId: event.id, imageId: hiddenId });

      // A second member, signed up with an invite the way the signup page does it.
      const invite = await trpcMutation<{ token: string }>(baseUrl, admin, 'admin.invites.create', {
        role: 'member',
      });
      const signUp = await fetch(`${baseUrl}/api/auth/sign-up/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: baseUrl },
        body: JSON.stringify({ ...OTHER, inviteToken: invite.token }),
      });
      if (!signUp.ok) throw new Error(`sign-up failed: ${signUp.status} ${await signUp.text()}`);
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('a member hides a photo → gone for another member (gallery, lightbox, cover) → admin restores it', async () => {
      // The other member first sees both photos, the hidden-to-be one on the card.
      const otherContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const other = await otherContext.newPage();
      await other.goto(`${baseUrl}/`);
      await signInPage(other, OTHER.email, OTHER.password);
      expect(await coverKey(other)).toContain(hiddenId);

      // The requester, on a phone, hides the photo from the lightbox with the keyboard.
      const requesterContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
      const requester = await requesterContext.newPage();
      await requester.goto(`${baseUrl}/events/${EVENT.slug}?photo=${hiddenId}`);
      await signInPage(requester, 'member@demo.local', demoPassword);
      const viewer = requester.getByRole('dialog', { name: 'Photo viewer' });
      await viewer.waitFor();
      await viewer.getByRole('button', { name: 'This is me — hide it' }).click();
      const reason = viewer.getByLabel('Reason (optional)');
      await expect.poll(() => reason.evaluate((element) => element === document.activeElement)).toBe(true);
      await reason.fill('I am right in front, please not online.');
      // Arrow keys type in the field and do not flip photos.
      await requester.keyboard.press('ArrowLeft');
      await screenshot(requester, 'member-hide-photo');
      await viewer.getByRole('button', { name: 'Hide this photo' }).click();
      await viewer.waitFor({ state: 'detached' });
      await requester.getByText('The photo is hidden.').waitFor();
      await requester.getByRole('button', { name: 'Open photo 1 of 1' }).waitFor();

      // The other member: gone from the card, the gallery and the lightbox (even by its address).
      await other.reload();
      await expect.poll(() => coverKey(other)).toContain(keptId);
      expect(await coverKey(other)).not.toContain(hiddenId);
      await other.goto(`${baseUrl}/events/${EVENT.slug}?photo=${hiddenId}`);
      await other.getByRole('button', { name: 'Open photo 1 of 1' }).waitFor();
      expect(await other.getByRole('dialog', { name: 'Photo viewer' }).count()).toBe(0);
      expect((await imageKeys(other)).join(' ')).not.toContain(hiddenId);

      // The admin sees who asked, and restores it with a note.
      const adminContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const admin = await adminContext.newPage();
      await admin.goto(`${baseUrl}/admin/takedowns`);
      await admin.getByLabel('E-mail').fill('admin@demo.local');
      await admin.getByLabel('Password').fill(demoPassword);
      await admin.getByRole('button', { name: 'Sign in' }).click();
      await admin.getByRole('heading', { name: 'Takedown requests' }).waitFor();
      const row = admin.getByRole('row', { name: /I am right in front/ });
      await row.getByText('member@demo.local').waitFor();
      await row
        .getByLabel('Note to the requester (optional)')
        .fill('Blurry anyway, but it is back: ask again if you mind.');
      await screenshot(admin, 'admin-takedowns');
      await row.getByRole('button', { name: 'Restore me-in-front.jpg for members' }).click();
      await admin.getByText('No open requests').waitFor();

      // Visible again for the other member: card cover and gallery.
      await other.goto(`${baseUrl}/`);
      await expect.poll(() => coverKey(other)).toContain(hiddenId);
      await other.goto(`${baseUrl}/events/${EVENT.slug}?photo=${hiddenId}`);
      await other.getByRole('dialog', { name: 'Photo viewer' }).waitFor();
      await expect
        .poll(async () => (await imageKeys(other)).some((key) => key.includes(hiddenId)))
        .toBe(true);

      // The requester reads the outcome and the note on their privacy page.
      await requester.getByRole('link', { name: 'Follow your requests' }).click();
      await requester.getByRole('heading', { name: 'My requests' }).waitFor();
      await requester.getByText('Shown again').waitFor();
      await requester.getByText('Blurry anyway, but it is back').waitFor();
      await screenshot(requester, 'member-privacy');

      await otherContext.close();
      await requesterContext.close();
      await adminContext.close();
    });
  },
);
