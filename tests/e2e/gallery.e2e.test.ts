import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writePhotoJpeg, writeRotatedCameraJpeg } from '@party/media/test-fixtures';
import { decodeTrpcAnswer, trpcInput } from '@party/testing/trpc-wire';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { waitForResumableUploadState } from './admin-helpers';
import { hasChromium, launchBrowser, screenshot } from './browser';
import './provided-context';

const baseUrl = inject('baseUrl');
const demoPassword = inject('demoPassword');

/** Bytes per second the page may send before the reload (the photos are about 2 MB together). */
const UPLOAD_RATE = 32 * 1024;

type TusRequest = { method: string; path: string; offset: string | undefined };

async function signIn(page: Page, email: string) {
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(demoPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe.skipIf(!hasChromium)(
  'event gallery in the browser (skipped only when /usr/bin/chromium is missing)',
  () => {
    let browser: Browser;
    let dir: string;
    let photos: string[];
    beforeAll(async () => {
      browser = await launchBrowser();
      dir = await mkdtemp(path.join(tmpdir(), 'party-e2e-photos-'));
      photos = [
        await writePhotoJpeg(path.join(dir, 'big-night.jpg'), 4000, 3000, 5),
        await writeRotatedCameraJpeg(path.join(dir, 'camera.jpg')),
        await writePhotoJpeg(path.join(dir, 'crowd.jpg'), 1600, 1067, 9),
      ];
    });
    afterAll(async () => {
      await browser?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('admin uploads photos with Uppy, a reload mid-upload resumes, publishes; a member opens them', {
      timeout: 300_000,
    }, async () => {
      const adminContext = await browser.newContext();
      const admin = await adminContext.newPage();
      const tusRequests: TusRequest[] = [];
      admin.on('request', (request) => {
        const url = new URL(request.url());
        if (!url.pathname.startsWith('/files')) return;
        tusRequests.push({
          method: request.method(),
          path: url.pathname,
          offset: request.headers()['upload-offset'],
        });
      });
      // What the server answered to each HEAD: the offset the resumed upload has to continue at.
      const headOffsets = new Map<string, string | undefined>();
      admin.on('response', (response) => {
        const url = new URL(response.url());
        if (response.request().method() === 'HEAD' && url.pathname.startsWith('/files/')) {
          headOffsets.set(url.pathname, response.headers()['upload-offset']);
        }
      });

      await admin.goto(`${baseUrl}/admin/`);
      await signIn(admin, 'admin@demo.local');
      await admin.getByRole('link', { name: 'Events' }).first().click();
      await admin.getByLabel('Title').fill('Warehouse Night');
      await admin.getByLabel('Date').fill('2026-11-20');
      await admin.getByRole('button', { name: 'Create event' }).click();
      await admin.getByRole('heading', { name: 'Warehouse Night' }).waitFor();
      const eventUrl = admin.url();
      const eventId = eventUrl.split('/').pop() ?? '';

      // A slow venue uplink: the big photo needs close to a minute, so the reload lands in its
      // middle however long a busy machine takes to get there. (Chromium lets requests already
      // running finish at full speed when the conditions change, so the limit is set once, before.)
      const cdp = await adminContext.newCDPSession(admin);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 20,
        downloadThroughput: -1,
        uploadThroughput: UPLOAD_RATE,
      });
      await admin.locator('input[type=file]').first().setInputFiles(photos);
      // Reload only once the page has stored what it needs to resume (as a person reloading
      // mid-upload would find it), and the server holds some bytes of the upload: Chromium counts
      // a 64 KiB piece as sent when it takes it, seconds before it arrives on this uplink.
      const interrupted = await waitForResumableUploadState(admin, { minBytesSent: 192 * 1024 });
      await screenshot(admin, 'admin-uploading');

      const beforeReload = tusRequests.length;
      await admin.reload();
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: -1,
      });
      // After the reload the upload continues where it was, by itself: HEAD for the server's offset,
      // then PATCH from there, on the upload created before the reload; nothing starts from zero.
      // Generous: restoring from IndexedDB and starting again is slow when the machine is busy.
      const afterReload = () => tusRequests.slice(beforeReload);
      const resumed = () =>
        afterReload().find((r) => r.method === 'PATCH' && r.path === interrupted && r.offset !== '0');
      // Polled as text, so that a failure shows every tus request since the reload.
      const seenAfterReload = () =>
        afterReload()
          .map((r) => `${r.method} ${r.path}${r.offset === undefined ? '' : ` @${r.offset}`}`)
          .join(', ');
      await expect
        .poll(() => (resumed() ? 'resumed' : `not resumed; after the reload: ${seenAfterReload()}`), {
          timeout: 90_000,
        })
        .toBe('resumed');
      expect(
        afterReload().find((r) => r.path === interrupted)?.method,
        'first request after the reload',
      ).toBe('HEAD');
      expect(resumed()?.offset).toBe(headOffsets.get(interrupted));
      expect(Number(resumed()?.offset)).toBeGreaterThan(0);
      expect(afterReload().filter((r) => r.method === 'POST')).toEqual([]);

      const listUrl = `${baseUrl}/trpc/admin.images.list?input=${encodeURIComponent(JSON.stringify(trpcInput({ eventId })))}`;
      const statuses = async () => {
        const body = decodeTrpcAnswer<Array<{ status: string }>>(
          await (await admin.request.get(listUrl)).json(),
        );
        return (body.result?.data ?? []).map((image) => image.status).sort();
      };
      await expect.poll(statuses, { timeout: 120_000, interval: 1000 }).toEqual(['ready', 'ready', 'ready']);
      expect(tusRequests.filter((r) => r.method === 'POST')).toHaveLength(photos.length);

      await admin.getByRole('button', { name: 'Publish all to members…' }).click();
      await admin.getByRole('button', { name: 'Publish all', exact: true }).click();
      await admin
        .getByText(/members/)
        .first()
        .waitFor();
      await screenshot(admin, 'admin-event-photos');

      const memberContext = await browser.newContext();
      const member = await memberContext.newPage();
      await member.goto(`${baseUrl}/`);
      await signIn(member, 'member@demo.local');
      // Home shows the gallery twice: among the newest galleries and sets, and among all events.
      await member.getByText('Warehouse Night').first().click();
      await member.getByRole('heading', { name: 'Warehouse Night' }).waitFor();
      await member.getByRole('button', { name: 'Open photo 1 of 3' }).click();
      const viewer = member.getByRole('dialog', { name: 'Photo viewer' });
      await viewer.waitFor();
      await expect.poll(() => viewer.locator('.lightbox__counter').textContent()).toBe('1 / 3');
      await member.keyboard.press('ArrowRight');
      await expect.poll(() => viewer.locator('.lightbox__counter').textContent()).toBe('2 / 3');
      await screenshot(member, 'member-lightbox');
      await member.keyboard.press('Escape');
      await viewer.waitFor({ state: 'detached' });
      await screenshot(member, 'member-gallery');
      await adminContext.close();
      await memberContext.close();
    });
  },
);
