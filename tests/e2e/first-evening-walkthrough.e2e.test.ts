import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writePhotoJpeg } from '@party/media/test-fixtures';
import { readZip } from '@party/testing';
import { type ServerProcess, startServerProcess } from '@party/testing/server-process';
import type { Browser, Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMp3, hasFfmpeg } from './admin-helpers';
import { hasChromium, launchBrowser, screenshot } from './browser';
import { expectFitsPhone } from './layout';
import { signInApi, trpcMutation, trpcQuery, tusUpload, waitUntil } from './member-helpers';

/*
 * The first evening with the app (issue 16's "done when"), on an installation of its own so it
 * starts truly empty: the admin follows the Overview's first steps, a refused file leaves the
 * upload panel, the photos are arranged and published, an invite mail reaches the loopback SMTP
 * catch-all and its link signs a newcomer up, who downloads a full-size JPEG, the gallery ZIP and
 * a selection ZIP, and opens the night's set from the gallery. At the phone size the screenshots are
 * named `first-evening-390-*` (`pnpm screenshots:first-evening` copies them to docs/).
 */

const PASSWORD = 'e2e-walkthrough-password-1';
const NEWCOMER = { name: 'Nora Newcomer', password: 'newcomer-password-1' };

async function bytesOf(download: Download): Promise<Buffer> {
  const file = await download.path();
  if (!file) throw new Error(`download failed: ${await download.failure()}`);
  return readFile(file);
}

/** The Overview's First steps card: each step's line says (done) or (to do). */
async function expectSteps(page: Page, done: Record<'event' | 'upload' | 'publish' | 'invite', boolean>) {
  const card = page.getByRole('region', { name: 'First steps' });
  const titles = {
    event: 'Create an event',
    upload: 'Upload photos or a set',
    publish: 'Publish',
    invite: 'Invite people',
  } as const;
  for (const [step, title] of Object.entries(titles) as Array<[keyof typeof titles, string]>) {
    const item = card.getByRole('listitem').filter({ hasText: title }).first();
    await expect.poll(() => item.textContent()).toContain(done[step] ? '(done)' : '(to do)');
  }
  return card;
}

const viewports = [
  { name: '1280', width: 1280, height: 800, phone: false },
  { name: '390', width: 390, height: 844, phone: true },
] as const;

describe.skipIf(!hasChromium || !hasFfmpeg)(
  'the first evening end to end on an empty installation (skipped only without /usr/bin/chromium or ffmpeg)',
  () => {
    let browser: Browser;
    let dir: string;
    beforeAll(async () => {
      browser = await launchBrowser();
      dir = await mkdtemp(path.join(tmpdir(), 'party-walkthrough-'));
    });
    afterAll(async () => {
      await browser?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    for (const viewport of viewports) {
      it(`at ${viewport.width}×${viewport.height}: sign in, first steps, refused upload, order, publish, e-mail invite, member downloads and the set`, {
        timeout: 420_000,
      }, async () => {
        const shot = async (page: Page, name: string) => {
          if (viewport.phone) await screenshot(page, `first-evening-390-${name}`);
        };
        const dataDir = await mkdtemp(path.join(tmpdir(), `party-walkthrough-${viewport.name}-`));
        await chmod(dataDir, 0o755);
        let server: ServerProcess | undefined;
        try {
          server = await startServerProcess({
            inherit: process.env,
            dataDir,
            env: { DEMO_PASSWORD: PASSWORD, SIGN_IN_RATE_LIMIT: '1000' },
          });
          const base = server.url;
          const options = {
            viewport: { width: viewport.width, height: viewport.height },
            hasTouch: viewport.phone,
          };
          const adminContext = await browser.newContext(options);
          const page = await adminContext.newPage();

          // 1. The admin signs in to an empty installation: four steps to do.
          await page.goto(`${base}/admin/`);
          await page.getByLabel('E-mail').fill('admin@demo.local');
          await page.getByLabel('Password').fill(PASSWORD);
          await page.getByRole('button', { name: 'Sign in' }).click();
          await page.getByRole('heading', { name: 'Overview' }).waitFor();
          let card = await expectSteps(page, { event: false, upload: false, publish: false, invite: false });
          await shot(page, '1-overview-empty');

          // 2. Create an event, from the first step's link.
          await card.getByRole('link', { name: 'Create an event' }).click();
          await page.getByLabel('Title').fill('First Evening');
          await page.getByLabel('Date').fill('2026-11-21');
          await page.getByRole('button', { name: 'Create event' }).click();
          await page.getByRole('heading', { name: 'First Evening' }).waitFor();
          const eventId = page.url().split('/').pop() ?? '';

          // 3. Upload, from the Overview's next step: two photos and a fake one, refused and removed.
          await page.getByRole('link', { name: 'Overview' }).first().click();
          card = await expectSteps(page, { event: true, upload: false, publish: false, invite: false });
          await card.getByRole('link', { name: 'Upload photos' }).click();
          await page.getByRole('heading', { name: 'First Evening' }).waitFor();
          const files = [
            await writePhotoJpeg(path.join(dir, `a-bar-${viewport.name}.jpg`), 1400, 900, 2),
            await writePhotoJpeg(path.join(dir, `b-floor-${viewport.name}.jpg`), 1200, 800, 3),
          ];
          const fake = path.join(dir, `not-a-photo-${viewport.name}.jpg`);
          await writeFile(fake, 'Shopping list: glow sticks, water, earplugs\n'.repeat(50));
          await page
            .locator('input[type=file]')
            .first()
            .setInputFiles([...files, fake]);
          const fakeItem = page.locator('.uppy-Dashboard-Item').filter({ hasText: path.basename(fake) });
          await expect.poll(() => fakeItem.getAttribute('class'), { timeout: 90_000 }).toContain('is-error');
          await page
            .locator('.tile')
            .filter({ hasText: path.basename(fake) })
            .getByText('Failed')
            .waitFor();
          await shot(page, '2-upload-refused');
          await fakeItem.getByRole('button', { name: /remove/i }).click();
          await expect.poll(() => fakeItem.count()).toBe(0);
          await expect.poll(() => page.locator('.tile').count(), { timeout: 60_000 }).toBe(2);
          await page.locator('.tile img').nth(1).waitFor({ timeout: 90_000 });

          // 4. Arrange: the second photo moved first, by keyboard, and that order is kept.
          const photos = page.getByRole('region', { name: 'Photo order' });
          await photos.getByRole('button', { name: 'Arrange by hand' }).click();
          const earlier = page.getByRole('button', { name: `Move ${path.basename(files[1] ?? '')} earlier` });
          await earlier.focus();
          await page.keyboard.press('Enter');
          await photos.getByText(`${path.basename(files[1] ?? '')} is now 1 of 2.`).waitFor();
          await expect
            .poll(async () => (await page.locator('.tile .tile__name').allTextContents()).join(','))
            .toBe(`${path.basename(files[1] ?? '')},${path.basename(files[0] ?? '')}`);
          await shot(page, '3-arrange');

          // 5. Publish, from the Overview's next step, to every member.
          await page.getByRole('link', { name: 'Overview' }).first().click();
          card = await expectSteps(page, { event: true, upload: true, publish: false, invite: false });
          await card.getByRole('link', { name: 'Publish photos' }).click();
          const bar = page.getByRole('region', { name: 'Publishing' });
          await bar
            .getByText('Everything is processed: 2 photos ready to publish.')
            .waitFor({ timeout: 90_000 });
          await bar.getByLabel('Publish to').selectOption('members');
          await bar.getByRole('button', { name: 'Publish' }).click();
          await bar.getByText('Seen by every member.').waitFor();
          await shot(page, '4-published');

          // The night's set (uploading music has its own tests): a short MP3, published to members.
          const cookie = await signInApi(base, 'admin@demo.local', PASSWORD);
          const set = await trpcMutation<{ id: string }>(base, cookie, 'admin.musicSets.create', {
            title: 'Sunrise Session',
            artist: 'DJ First',
            eventId,
            visibility: 'members',
          });
          const mp3 = path.join(dir, `sunrise-${viewport.name}.mp3`);
          await generateMp3(mp3, { seconds: 8, title: 'Sunrise' });
          await tusUpload(base, cookie, await readFile(mp3), {
            kind: 'audio',
            setId: set.id,
            filename: 'sunrise.mp3',
            filetype: 'audio/mpeg',
          });

          // 6. Invite by e-mail, from the last step; the mail arrives in the local catch-all.
          await page.getByRole('link', { name: 'Overview' }).first().click();
          card = await expectSteps(page, { event: true, upload: true, publish: true, invite: false });
          await card.getByRole('link', { name: 'Invite someone' }).click();
          const email = `newcomer-${viewport.name}@example.test`;
          await page.getByLabel('E-mail (optional: binds the link to it)').fill(email);
          const send = page.getByLabel('Send by e-mail (when an address is given)').first();
          if (!(await send.isChecked())) await send.check();
          await page.getByRole('button', { name: 'Create invite' }).click();
          await page.getByText(`Invite mailed to ${email}.`).waitFor();
          await shot(page, '5-invited');
          // The mailbox lists the newest first, and the members' "new photos" notice from publishing
          // may arrive after the invite: open the mail addressed to the newcomer.
          await page.goto(`${base}/admin/mail`);
          await page.getByRole('heading', { name: 'Mail (local)', level: 1 }).waitFor();
          const inviteRow = page.getByRole('row').filter({ hasText: email });
          await inviteRow.first().waitFor({ timeout: 60_000 });
          await inviteRow.first().getByRole('button').click();
          const mailLink = page.locator('a[href*="/signup"]').first();
          await mailLink.waitFor();
          await shot(page, '6-mail');
          const signupUrl = new URL((await mailLink.getAttribute('href')) ?? '');
          // The link names the address the admin used (localhost), the server answers on either.
          expect(signupUrl.pathname).toContain('/signup');
          await page.getByRole('link', { name: 'Overview' }).first().click();
          expect(await page.getByRole('region', { name: 'First steps' }).count()).toBe(0);
          await adminContext.close();

          await waitUntil(
            async () => {
              const detail = await trpcQuery<{ tracks: { status: string; failureReason: string | null }[] }>(
                base,
                cookie,
                'admin.musicSets.byId',
                { id: set.id },
              );
              const first = detail.tracks[0];
              if (first?.status === 'failed') throw new Error(`processing failed: ${first.failureReason}`);
              return first?.status === 'ready' ? first : undefined;
            },
            'the set to be processed',
            150_000,
          );
          // A photo is ready with its WebP derivatives; its full-size JPEG follows from the
          // low-priority `finish-image` job, which the lightbox offers only once it exists.
          await waitUntil(
            async () => {
              const list = await trpcQuery<Array<{ downloads: { jpeg: unknown } }>>(
                base,
                cookie,
                'images.list',
                {
                  eventId,
                },
              );
              return list.length === 2 && list.every((image) => image.downloads.jpeg) ? list : undefined;
            },
            'both full-size JPEGs',
            150_000,
          );

          // 7. The newcomer follows the mail's link and signs up.
          const memberContext = await browser.newContext({ ...options, acceptDownloads: true });
          const member = await memberContext.newPage();
          await member.goto(`${base}${signupUrl.pathname}${signupUrl.search}${signupUrl.hash}`);
          await member.getByRole('heading', { name: 'Join the community' }).waitFor();
          await member.getByLabel('Your name').fill(NEWCOMER.name);
          const emailField = member.getByLabel('E-mail');
          if ((await emailField.inputValue()) === '') await emailField.fill(email);
          await member.getByLabel('Password (at least 10 characters)').fill(NEWCOMER.password);
          await member.getByLabel('Password again').fill(NEWCOMER.password);
          await member.getByRole('button', { name: 'Create account' }).click();

          // 8. Home lists the gallery and the night's set together; the gallery opens.
          const latest = member.getByRole('region', { name: 'New galleries and sets' });
          const galleryLink = latest.getByRole('link', { name: /First Evening/ }).first();
          await galleryLink.waitFor({ timeout: 30_000 });
          await latest.getByRole('link', { name: /Sunrise Session/ }).waitFor();
          await shot(member, '7-member-home');
          await galleryLink.click();
          await member.getByRole('heading', { name: 'First Evening', level: 1 }).waitFor();

          // A full-size JPEG from the lightbox.
          await member.getByRole('button', { name: 'Open photo 1 of 2' }).click();
          const viewer = member.getByRole('dialog', { name: 'Photo viewer' });
          const [jpeg] = await Promise.all([
            member.waitForEvent('download'),
            viewer.getByRole('button', { name: /Photo \(JPEG, full size\)/ }).click(),
          ]);
          expect(jpeg.suggestedFilename()).toBe(path.basename(files[1] ?? ''));
          const jpegBytes = await bytesOf(jpeg);
          expect(jpegBytes.subarray(0, 3).toString('hex')).toBe('ffd8ff');
          expect(jpegBytes.subarray(-2).toString('hex')).toBe('ffd9');
          await shot(member, '8-lightbox');
          await member.keyboard.press('Escape');
          await viewer.waitFor({ state: 'detached' });

          // The gallery ZIP: both photos, whole, in the admin's order.
          const [zip] = await Promise.all([
            member.waitForEvent('download'),
            member.getByRole('link', { name: 'Download all photos (ZIP)' }).click(),
          ]);
          const entries = readZip(await bytesOf(zip));
          expect(entries.map((e) => e.name)).toEqual(files.map((f) => path.basename(f)).reverse());
          for (const entry of entries) {
            expect(entry.crcMatches).toBe(true);
            expect(entry.data.subarray(0, 3).toString('hex')).toBe('ffd8ff');
          }

          // A selection: one photo chosen with the keyboard, downloaded as its own ZIP.
          await member.getByRole('button', { name: 'Select photos' }).click();
          const check = member.getByRole('checkbox', { name: 'Select photo 2 of 2' });
          await check.focus();
          await member.keyboard.press('Space');
          await member.getByText('1 of 2 selected').waitFor();
          await shot(member, '9-selection');
          const [selection] = await Promise.all([
            member.waitForEvent('download'),
            member.getByRole('button', { name: 'Download selection (ZIP)' }).click(),
          ]);
          expect(selection.suggestedFilename()).toBe('First Evening (selection).zip');
          expect(readZip(await bytesOf(selection)).map((e) => e.name)).toEqual([
            path.basename(files[0] ?? ''),
          ]);
          await member.getByRole('button', { name: 'Done' }).click();

          // 9. The night's set, opened from the gallery.
          const sets = member.getByRole('region', { name: 'Music from this night' });
          await sets
            .getByRole('link', { name: /Sunrise Session/ })
            .first()
            .click();
          await member.getByRole('heading', { name: 'Sunrise Session', level: 1 }).waitFor();
          await shot(member, '10-set');
          const setUrl = member.url();
          // And back: the set page links to the photos of its night.
          await member.getByRole('link', { name: 'Photos of First Evening' }).click();
          await member.getByRole('heading', { name: 'First Evening', level: 1 }).waitFor();
          const galleryUrl = member.url();

          // At the phone size no member page scrolls sideways and the top bar stays two short rows.
          if (viewport.phone) {
            const memberPages = [
              ['Home', `${base}/`],
              ['Music', `${base}/music`],
              ['the set', setUrl],
              ['the gallery', galleryUrl],
              ['Favourites', `${base}/favourites`],
              ['Account', `${base}/account`],
            ] as const;
            for (const [what, url] of memberPages) await expectFitsPhone(member, url, what);
          }
          await memberContext.close();
        } finally {
          await server?.stop();
          await rm(dataDir, { recursive: true, force: true });
        }
      });
    }
  },
);
