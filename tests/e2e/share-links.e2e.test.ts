import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writePhotoJpeg } from '@party/media/test-fixtures';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { generateMp3, hasFfmpeg, signInAsAdmin } from './admin-helpers';
import { hasChromium, launchBrowser, screenshot } from './browser';
import { signInApi, trpcMutation, trpcQuery, tusUpload, waitUntil } from './member-helpers';
import './provided-context';

const baseUrl = inject('baseUrl');
const demoPassword = inject('demoPassword');
const clockOffsetFile = inject('clockOffsetFile');

/** Moves the server's share-link clock (not the machine's): a link expires without waiting. */
const setClockAhead = (seconds: number) => writeFile(clockOffsetFile, String(seconds));

interface AdminItem {
  id: string;
  status: string;
  failureReason: string | null;
}

describe.skipIf(!hasChromium || !hasFfmpeg)(
  'share links for guests in the browser (skipped only without /usr/bin/chromium or ffmpeg)',
  () => {
    let browser: Browser;
    let dir: string;
    let admin = '';
    let eventId = '';
    let setId = '';

    beforeAll(async () => {
      browser = await launchBrowser();
      dir = await mkdtemp(path.join(tmpdir(), 'party-share-'));
      admin = await signInApi(baseUrl, 'admin@demo.local', demoPassword);

      const event = await trpcMutation<{ id: string }>(baseUrl, admin, 'admin.events.create', {
        title: 'Pier Night',
        slug: 'pier-night',
        eventDate: '2026-08-01',
      });
      eventId = event.id;
      for (const [name, seed] of [
        ['pier-1.jpg', 3],
        ['pier-2.jpg', 4],
      ] as const) {
        const file = await writePhotoJpeg(path.join(dir, name), 1200, 800, seed);
        await tusUpload(baseUrl, admin, await readFile(file), {
          kind: 'image',
          eventId,
          filename: name,
          filetype: 'image/jpeg',
        });
      }
      await waitUntil(
        async () => {
          const images = await trpcQuery<AdminItem[]>(baseUrl, admin, 'admin.images.list', { eventId });
          const failed = images.find((i) => i.status === 'failed');
          if (failed) throw new Error(`photo failed: ${failed.failureReason}`);
          return images.length === 2 && images.every((i) => i.status === 'ready') ? images : undefined;
        },
        'the photos to be processed',
        90_000,
      );
      await trpcMutation(baseUrl, admin, 'admin.images.setVisibility', { eventId, visibility: 'members' });
      // One photo of the night stays a draft: a guest must never see it.
      const draft = await writePhotoJpeg(path.join(dir, 'pier-draft.jpg'), 1200, 800, 5);
      await tusUpload(baseUrl, admin, await readFile(draft), {
        kind: 'image',
        eventId,
        filename: 'pier-draft.jpg',
        filetype: 'image/jpeg',
      });

      const set = await trpcMutation<{ id: string }>(baseUrl, admin, 'admin.musicSets.create', {
        title: 'Pier Sunset Set',
        artist: 'DJ Harbour',
        visibility: 'members',
      });
      setId = set.id;
      const mp3 = path.join(dir, 'pier.mp3');
      await generateMp3(mp3, { seconds: 40, title: 'Pier Sunset Set' });
      await tusUpload(baseUrl, admin, await readFile(mp3), {
        kind: 'audio',
        setId,
        filename: 'pier.mp3',
        filetype: 'audio/mpeg',
      });
      await waitUntil(
        async () => {
          const detail = await trpcQuery<{ tracks: AdminItem[] }>(baseUrl, admin, 'admin.musicSets.byId', {
            id: setId,
          });
          const first = detail.tracks[0];
          if (first?.status === 'failed') throw new Error(`track failed: ${first.failureReason}`);
          return first?.status === 'ready' ? first : undefined;
        },
        'the set to be processed',
        120_000,
      );
    }, 240_000);

    afterEach(() => setClockAhead(0));

    afterAll(async () => {
      await setClockAhead(0);
      await browser?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    /** A guest: a fresh browser context, no cookie, no account. */
    async function guestPage(): Promise<Page> {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      return context.newPage();
    }

    it('admin creates a set link in the admin app; a guest without an account plays the set, then sees it revoked', async () => {
      const adminContext = await browser.newContext();
      const adminPage = await adminContext.newPage();
      await signInAsAdmin(adminPage, baseUrl, demoPassword);
      await adminPage.goto(`${baseUrl}/admin/music/${setId}`);
      const panel = adminPage.getByRole('region', { name: 'Share links' });
      await panel.getByLabel('For', { exact: true }).fill('the DJ');
      await panel.getByRole('button', { name: 'Create share link' }).click();
      const url = await panel.getByLabel('Share link').inputValue();
      expect(url).toMatch(/\/s\/[A-Za-z0-9_-]{43}$/);

      const guest = await guestPage();
      expect(await guest.context().cookies()).toEqual([]);
      await guest.goto(url);
      await guest.getByRole('heading', { name: 'Pier Sunset Set' }).waitFor();
      // No way into the member app, and no downloads without the permission.
      expect(await guest.getByRole('link', { name: /All music/ }).count()).toBe(0);
      expect(await guest.getByRole('heading', { name: 'Download' }).count()).toBe(0);
      await guest.getByRole('button', { name: 'Play' }).click();
      await waitUntil(
        async () => {
          const playing = await guest.evaluate(() => {
            const audio = document.getElementById('party-player-audio') as HTMLAudioElement | null;
            return audio && !audio.paused && audio.currentTime > 0.5 ? true : undefined;
          });
          return playing;
        },
        'the guest to hear the set',
        30_000,
      );
      await screenshot(guest, 'share-guest-set');

      // The admin sees the open counted, then revokes the link.
      await adminPage.reload();
      await panel.getByRole('button', { name: '1 time' }).waitFor();
      await panel.getByRole('button', { name: 'Revoke' }).click();
      await panel.getByText('revoked', { exact: true }).waitFor();

      await guest.reload();
      await guest.getByRole('heading', { name: 'This link was withdrawn' }).waitFor();
      await screenshot(guest, 'share-guest-revoked');
      await guest.context().close();
      await adminContext.close();
    }, 120_000);

    it('a guest sees the published photos of an event link and the lightbox; after expiry the link shows its page', async () => {
      const link = await trpcMutation<{ url: string }>(baseUrl, admin, 'admin.shareLinks.create', {
        eventId,
        expiresInDays: 1,
      });
      const guest = await guestPage();
      await guest.goto(link.url);
      await guest.getByRole('heading', { name: 'Pier Night' }).waitFor();
      await waitUntil(
        async () => ((await guest.locator('[data-photo-id]').count()) === 2 ? true : undefined),
        'the two published photos',
        20_000,
      );
      await guest.locator('[data-photo-id]').first().click();
      const viewer = guest.getByRole('dialog', { name: 'Photo viewer' });
      await viewer.waitFor();
      expect(await viewer.getByRole('button', { name: 'Download' }).count()).toBe(0);
      await guest.keyboard.press('ArrowRight');
      await viewer.getByText('2 / 2').waitFor();
      await guest.keyboard.press('Escape');
      await viewer.waitFor({ state: 'detached' });
      // Keyboard users land back on the photo they were looking at.
      await waitUntil(
        async () =>
          (await guest.evaluate(() => document.activeElement?.getAttribute('data-photo-id'))) ?? undefined,
        'the focus to return to a photo tile',
        5_000,
      );
      await screenshot(guest, 'share-guest-gallery');

      // A day and a minute later by the server's clock: the same link answers with its page.
      await setClockAhead(24 * 60 * 60 + 60);
      await guest.reload();
      await guest.getByRole('heading', { name: 'This link has expired' }).waitFor();
      expect(await guest.locator('[data-photo-id]').count()).toBe(0);
      await screenshot(guest, 'share-guest-expired');
      await guest.context().close();
    }, 120_000);

    it('a password link asks for its password first', async () => {
      const link = await trpcMutation<{ url: string }>(baseUrl, admin, 'admin.shareLinks.create', {
        setId,
        password: 'harbour-lights',
      });
      const guest = await guestPage();
      await guest.goto(link.url);
      await guest.getByRole('heading', { name: 'This link is protected' }).waitFor();
      await guest.getByLabel('Password').fill('wrong-guess');
      await guest.getByRole('button', { name: 'Open' }).click();
      await guest.getByText('That password is not right.').waitFor();
      await guest.getByLabel('Password').fill('harbour-lights');
      await guest.getByRole('button', { name: 'Open' }).click();
      await guest.getByRole('heading', { name: 'Pier Sunset Set' }).waitFor();
      await guest.context().close();
    }, 60_000);
  },
);
