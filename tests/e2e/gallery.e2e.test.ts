import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writePhotoJpeg, writeRotatedCameraJpeg } from '@party/media/test-fixtures';
import { decodeTrpcAnswer, trpcInput } from '@party/testing/trpc-wire';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { waitForResumableUploadState } from './admin-helpers';
import { launchBrowser, screenshot } from './browser';
import './provided-context';

const baseUrl = inject('baseUrl');
const demoPassword = inject('demoPassword');

async function signIn(page: Page, email: string) {
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(demoPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe.skip('event gallery in the browser (skipped: after a reload mid-upload no tus HEAD came in 90 s in CI; under investigation)', () => {
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

  it('admin uploads photos with Uppy, a reload mid-upload resumes, publishes; a member opens them', async () => {
    const adminContext = await browser.newContext();
    const admin = await adminContext.newPage();
    const tusRequests: string[] = [];
    admin.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/files')) tusRequests.push(`${request.method()} ${url.pathname}`);
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

    // A slow venue uplink, so that the reload lands in the middle of the big photo.
    const cdp = await adminContext.newCDPSession(admin);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: -1,
      uploadThroughput: 200 * 1024,
    });
    await admin.locator('input[type=file]').first().setInputFiles(photos);
    await expect
      .poll(() => tusRequests.filter((r) => r.startsWith('PATCH')).length, { timeout: 30_000 })
      .toBeGreaterThan(0);
    // Reload only once the page has stored what it needs to resume (as a person reloading
    // mid-upload would find it): the big photo needs about 8 s on this uplink.
    await waitForResumableUploadState(admin);
    const createdBeforeReload = tusRequests.filter((r) => r.startsWith('POST')).length;
    await screenshot(admin, 'admin-uploading');

    await admin.reload();
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    // After the reload the upload continues where it was: HEAD then PATCH on an upload created
    // before the reload, and no upload is started again from zero.
    // Generous: restoring from IndexedDB and starting again is slow when the machine is busy.
    await expect
      .poll(() => tusRequests.slice(createdBeforeReload).some((r) => r.startsWith('HEAD /files/')), {
        timeout: 90_000,
        message: `a HEAD after the reload; tus requests so far: ${tusRequests.join(', ')}`,
      })
      .toBe(true);

    const listUrl = `${baseUrl}/trpc/admin.images.list?input=${encodeURIComponent(JSON.stringify(trpcInput({ eventId })))}`;
    const statuses = async () => {
      const body = decodeTrpcAnswer<Array<{ status: string }>>(
        await (await admin.request.get(listUrl)).json(),
      );
      return (body.result?.data ?? []).map((image) => image.status).sort();
    };
    await expect.poll(statuses, { timeout: 90_000, interval: 1000 }).toEqual(['ready', 'ready', 'ready']);
    expect(tusRequests.filter((r) => r.startsWith('POST')).length).toBe(photos.length);

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
    await member.getByText('Warehouse Night').click();
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
});
