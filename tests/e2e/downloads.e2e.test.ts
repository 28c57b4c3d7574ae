import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writePhotoJpeg } from '@party/media/test-fixtures';
import { readZip } from '@party/testing';
import type { Browser, Download } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hasChromium, launchBrowser, screenshot } from './browser';
import { signInApi, signInPage, trpcMutation, trpcQuery, tusUpload, waitUntil } from './member-helpers';
import './provided-context';

const baseUrl = inject('baseUrl');
const demoPassword = inject('demoPassword');
const EVENT = { title: 'Harbour Download Night', slug: 'harbour-download-night', eventDate: '2026-09-12' };

async function bytesOf(download: Download): Promise<Buffer> {
  const file = await download.path();
  if (!file) throw new Error(`download failed: ${await download.failure()}`);
  return readFile(file);
}

describe.skipIf(!hasChromium)(
  'downloads and favourites in the browser (skipped only without /usr/bin/chromium)',
  () => {
    let browser: Browser;
    let dir: string;

    beforeAll(async () => {
      browser = await launchBrowser();
      dir = await mkdtemp(path.join(tmpdir(), 'party-downloads-'));
      const admin = await signInApi(baseUrl, 'admin@demo.local', demoPassword);
      const event = await trpcMutation<{ id: string }>(baseUrl, admin, 'admin.events.create', EVENT);
      for (const [name, seed] of [
        ['pier.jpg', 4],
        ['crowd.jpg', 9],
      ] as const) {
        const bytes = await readFile(await writePhotoJpeg(path.join(dir, name), 1500, 1000, seed));
        await tusUpload(baseUrl, admin, bytes, {
          kind: 'image',
          eventId: event.id,
          filename: name,
          filetype: 'image/jpeg',
        });
      }
      await waitUntil(
        async () => {
          const list = await trpcQuery<Array<{ status: string; failureReason: string | null }>>(
            baseUrl,
            admin,
            'admin.images.list',
            { eventId: event.id },
          );
          const failed = list.find((image) => image.status === 'failed');
          if (failed) throw new Error(`processing failed: ${failed.failureReason}`);
          return list.length === 2 && list.every((image) => image.status === 'ready') ? list : undefined;
        },
        'both photos to be processed',
        90_000,
      );
      await trpcMutation(baseUrl, admin, 'admin.images.setVisibility', {
        eventId: event.id,
        visibility: 'members',
      });
      // A photo is ready with its WebP derivatives; its full-size JPEG follows from `finish-image`.
      await waitUntil(
        async () => {
          const list = await trpcQuery<Array<{ downloads: { jpeg: unknown } }>>(
            baseUrl,
            admin,
            'images.list',
            { eventId: event.id },
          );
          return list.length === 2 && list.every((image) => image.downloads.jpeg) ? list : undefined;
        },
        'both full-size JPEGs',
        90_000,
      );
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('on a phone: a favourite shows on the Favourites page, the lightbox saves a full-size JPEG, the gallery a ZIP', async () => {
      const context = await browser.newContext({
        viewport: { width: 390, height: 844 },
        acceptDownloads: true,
      });
      const page = await context.newPage();
      await page.goto(`${baseUrl}/events/${EVENT.slug}`);
      await signInPage(page, 'member@demo.local', demoPassword);
      await page.getByRole('button', { name: 'Open photo 1 of 2' }).click();
      const viewer = page.getByRole('dialog', { name: 'Photo viewer' });
      await viewer.waitFor();

      // The heart, by keyboard.
      const heart = viewer.getByRole('button', { name: 'Add this photo to favourites' });
      await heart.focus();
      await page.keyboard.press('Enter');
      await viewer
        .getByRole('button', { name: 'Remove this photo from favourites', pressed: true })
        .waitFor();

      // "Photo (JPEG, full size)" with its size: a full-resolution JPEG without metadata.
      const jpegButton = viewer.getByRole('button', { name: /Photo \(JPEG, full size\)/ });
      expect(await jpegButton.textContent()).toMatch(/\d/);
      await screenshot(page, 'member-lightbox-downloads');
      const [jpeg] = await Promise.all([page.waitForEvent('download'), jpegButton.click()]);
      expect(jpeg.suggestedFilename()).toMatch(/\.jpg$/);
      const jpegBytes = await bytesOf(jpeg);
      expect(jpegBytes.subarray(0, 2).toString('hex')).toBe('ffd8');
      expect(jpegBytes.includes(Buffer.from('Exif\0\0'))).toBe(false);

      // The Favourites page lists it.
      await page.keyboard.press('Escape');
      await page.goto(`${baseUrl}/favourites`);
      await page.getByRole('heading', { name: 'Favourites', level: 1 }).waitFor();
      await page.getByRole('link', { name: `Open this photo of ${EVENT.title}` }).waitFor();
      await screenshot(page, 'member-favourites');

      // The whole gallery as one ZIP, streamed: both photos as full-size JPEGs.
      await page.goto(`${baseUrl}/events/${EVENT.slug}`);
      const [zip] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Download all photos (ZIP)' }).click(),
      ]);
      expect(zip.suggestedFilename()).toBe(`${EVENT.title}.zip`);
      const entries = readZip(await bytesOf(zip));
      expect(entries.map((e) => e.name).sort()).toEqual(['crowd.jpg', 'pier.jpg']);
      for (const entry of entries) {
        expect(entry.crcMatches).toBe(true);
        expect(entry.data.subarray(0, 2).toString('hex')).toBe('ffd8');
      }
      await context.close();
    });
  },
);
