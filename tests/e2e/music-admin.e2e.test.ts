import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writePhotoJpeg } from '@party/media/test-fixtures';
import type { Browser, FileChooser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  generateFlac,
  generateMp3,
  hasFfmpeg,
  signInAsAdmin,
  throttleUploads,
  uppyProgress,
} from './admin-helpers';
import { hasChromium, launchBrowser, screenshot } from './browser';
import { signInApi, signInPage, trpcQuery } from './member-helpers';
import './provided-context';

const baseUrl = inject('baseUrl');
const demoPassword = inject('demoPassword');

/** Bytes per second the page may send: the 25 MB file takes ~20 s, long enough to reload in the middle. */
const UPLOAD_RATE = 1_250_000;

interface FilesRequest {
  method: string;
  url: string;
  offset: string | undefined;
}

/** Picks a file through the Dashboard's "browse files" link, as a person would. */
async function pickFile(page: Page, file: string) {
  const addMore = page.getByRole('button', { name: 'Add more' });
  if (await addMore.isVisible()) await addMore.click();
  const [chooser] = await Promise.all([
    page.waitForEvent('filechooser'),
    page.locator('.uppy-Dashboard-browse').first().click(),
  ]);
  await chooser.setFiles(file);
}

async function waitForUploadProgress(page: Page, atLeast: number) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const progress = await uppyProgress(page);
    if (progress !== null && progress >= atLeast) return progress;
    if (Date.now() > deadline) throw new Error(`upload stuck at ${progress}%`);
    await page.waitForTimeout(200);
  }
}

describe.skipIf(!hasChromium || !hasFfmpeg)(
  'music sets in the admin app (skipped only without /usr/bin/chromium or ffmpeg)',
  () => {
    let browser: Browser;
    let workDir: string;
    let flac: string;
    let mp3: string;
    let notAudio: string;
    let photo: string;
    let notImage: string;

    beforeAll(async () => {
      workDir = await mkdtemp(path.join(tmpdir(), 'party-music-e2e-'));
      flac = path.join(workDir, 'sunrise-session.flac');
      mp3 = path.join(workDir, 'short-tune.mp3');
      notAudio = path.join(workDir, 'not-audio.flac');
      await generateFlac(flac, { seconds: 180, title: 'Sunrise Mix', artist: 'DJ Test' });
      await generateMp3(mp3, { seconds: 8, title: 'Short Tune' });
      await writeFile(notAudio, 'This is a text file with a .flac name.\n'.repeat(200));
      photo = await writePhotoJpeg(path.join(workDir, 'sleeve.jpg'), 1200, 800);
      notImage = path.join(workDir, 'notes.jpg');
      await writeFile(notImage, 'This is a text file with a .jpg name.\n'.repeat(200));
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
      if (workDir) await rm(workDir, { recursive: true, force: true });
    });

    it('creates a set, resumes a FLAC upload across a reload, shows the encodes and takes a tracklist', {
      timeout: 240_000,
    }, async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      // The set page asks before leaving a running upload; the reload below is meant.
      page.on('dialog', (dialog) => void dialog.accept());
      const requests: FilesRequest[] = [];
      page.on('request', (request) => {
        if (!new URL(request.url()).pathname.startsWith('/files')) return;
        requests.push({
          method: request.method(),
          url: request.url(),
          offset: request.headers()['upload-offset'],
        });
      });

      await signInAsAdmin(page, baseUrl, demoPassword);
      await page.getByRole('link', { name: 'Music' }).click();
      await page.getByRole('heading', { name: 'Music', level: 1 }).waitFor();

      // Create a set.
      const newSet = page.locator('section', { has: page.getByRole('heading', { name: 'New set' }) });
      await newSet.getByRole('button', { name: 'Create set' }).click();
      await newSet.getByText('Enter a title.').waitFor();
      await newSet.getByLabel('Title').fill('Sunrise Session');
      await newSet.getByLabel('DJ / artist').fill('DJ Test');
      await newSet.getByLabel('Recorded on').fill('2026-07-14');
      await newSet.getByRole('button', { name: 'Create set' }).click();
      await page.getByRole('heading', { name: 'Sunrise Session', level: 1 }).waitFor();
      await page.getByText('No tracks yet').waitFor();
      await page.locator('.uppy-Dashboard').waitFor();

      // Upload on a slow line and reload in the middle.
      const unthrottle = await throttleUploads(page, UPLOAD_RATE);
      await pickFile(page, flac);
      await waitForUploadProgress(page, 25);
      const created = requests.filter((r) => r.method === 'POST');
      expect(created).toHaveLength(1);
      const firstPatch = requests.find((r) => r.method === 'PATCH');
      expect(firstPatch).toBeDefined();
      const uploadUrl = firstPatch?.url ?? '';
      expect(uploadUrl).toMatch(/\/files\/[0-9a-f-]{36}$/);
      await screenshot(page, 'music-upload-running');

      const beforeReload = requests.length;
      await page.reload();
      await page.getByRole('heading', { name: 'Sunrise Session', level: 1 }).waitFor();
      // The browser kept no copy of a file this size: the page asks for it again and says why.
      const hint = page.getByText('One upload is waiting for the file again.');
      await hint.waitFor();
      expect(await page.getByRole('status').filter({ has: hint }).textContent()).toContain(
        '“sunrise-session.flac”',
      );
      await screenshot(page, 'music-upload-pick-again');

      await pickFile(page, flac);
      await hint.waitFor({ state: 'detached' });
      // The same upload continues: HEAD for the offset, then PATCH from there; no new POST.
      const deadline = Date.now() + 30_000;
      while (!requests.slice(beforeReload).some((r) => r.method === 'PATCH') && Date.now() < deadline) {
        await page.waitForTimeout(100);
      }
      const afterReload = requests.slice(beforeReload);
      expect(afterReload.filter((r) => r.method === 'POST')).toEqual([]);
      expect(afterReload.find((r) => r.method === 'HEAD')?.url).toBe(uploadUrl);
      const resumed = afterReload.find((r) => r.method === 'PATCH');
      expect(resumed?.url).toBe(uploadUrl);
      const size = (await stat(flac)).size;
      expect(Number(resumed?.offset)).toBeGreaterThan(size * 0.15);
      await unthrottle();

      // The track appears once the upload is complete and is processed live.
      const track = page.locator('.track').first();
      await track.waitFor({ timeout: 60_000 });
      // It shows up as soon as the upload is complete, long before a 3-minute file is encoded.
      await track.getByText('Processing', { exact: true }).waitFor();
      await track.locator('.track__progress progress').waitFor();
      expect(await track.locator('.track__progress').textContent()).toMatch(
        /(Waiting for a worker|Fetching the upload|Reading the file|Encoding the streams|Finishing the encodes|Storing the streams) · \d+%/,
      );
      await screenshot(page, 'music-track-processing');
      await track.getByText('Ready', { exact: true }).waitFor({ timeout: 120_000 });
      expect(requests.filter((r) => r.method === 'POST')).toHaveLength(1);
      // Title and artist come from the file's tags.
      await track.getByRole('heading', { name: /Sunrise Mix/ }).waitFor();
      expect(await track.getByLabel('Track title').inputValue()).toBe('Sunrise Mix');
      expect(await track.getByLabel('Track artist').inputValue()).toBe('DJ Test');
      const facts = await track.locator('.facts').textContent();
      expect(facts).toContain('FLAC');
      expect(facts).toContain('Lossless');
      expect(facts).toContain('44.1 kHz · 16-bit · stereo');
      expect(facts).toContain('0:03:00');
      expect(facts).toMatch(/−?\d+\.\d LUFS/);
      const renditions = track.getByRole('list', { name: /Renditions of/ });
      expect(await renditions.textContent()).toMatch(/High\s*MP3 320 kbps\s*\d+(\.\d)? MB/);
      expect(await renditions.textContent()).toMatch(/Medium \(default stream\)\s*MP3 192 kbps/);
      await screenshot(page, 'music-track-ready');

      // A tracklist with one line the server cannot read: nothing saved, the line is named.
      const tracklist = track.getByLabel('Tracklist of “Sunrise Mix”');
      await tracklist.fill(
        [
          '0:00 DJ Test - Intro',
          '1:00 Someone Else - Middle Part',
          'two minutes in: the drop',
          '2:30 Closer - Outro',
        ].join('\n'),
      );
      await track.getByRole('button', { name: 'Save tracklist' }).click();
      const problems = track.locator('.problems');
      await problems.waitFor();
      expect(await problems.textContent()).toContain('Nothing saved: one line could not be read.');
      expect(await problems.textContent()).toMatch(/Line 3\s*two minutes in: the drop\s*No timestamp/);
      expect(await tracklist.getAttribute('aria-invalid')).toBe('true');
      await screenshot(page, 'music-tracklist-problem');

      // Fixed and saved: the cues are listed and the text shows them as stored.
      await tracklist.fill(
        [
          '0:00 DJ Test - Intro',
          '1:00 Someone Else - Middle Part',
          '2:00 The Drop',
          '2:30 Closer - Outro',
        ].join('\n'),
      );
      await track.getByRole('button', { name: 'Save tracklist' }).click();
      await track.getByText('Saved 4 cue points.').waitFor();
      await problems.waitFor({ state: 'detached' });
      const cues = track.getByRole('list', { name: 'Saved cue points of “Sunrise Mix”' });
      expect(
        (await cues.locator('li').allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim()),
      ).toEqual([
        '0:00:00DJ TestIntro',
        '0:01:00Someone ElseMiddle Part',
        '0:02:00The Drop',
        '0:02:30CloserOutro',
      ]);
      expect(await tracklist.inputValue()).toBe(
        '0:00:00 DJ Test - Intro\n0:01:00 Someone Else - Middle Part\n0:02:00 The Drop\n0:02:30 Closer - Outro',
      );
      await screenshot(page, 'music-tracklist-saved');

      // A set with tracks cannot be deleted; the server's reason is shown.
      await page.getByRole('button', { name: 'Delete set…' }).click();
      await page.getByRole('button', { name: 'Yes, delete' }).click();
      await page.getByText('Delete the tracks of this set first').waitFor();

      // The list shows the set with its track and length; the set page fits a phone.
      await page.getByRole('link', { name: '← All sets' }).click();
      const row = page.getByRole('row', { name: /Sunrise Session/ });
      await row.waitFor();
      expect(await row.textContent()).toMatch(/DJ Test.*1.*0:03:00.*Draft/);
      await page.setViewportSize({ width: 390, height: 844 });
      await row.getByRole('link', { name: 'Sunrise Session' }).click();
      await page.locator('.track').first().getByText('Ready', { exact: true }).waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await screenshot(page, 'music-set-phone');
      await context.close();
    });

    it('reorders tracks from the keyboard, offers Delete but no Retry for a file that is no audio, and edits the details', {
      timeout: 180_000,
    }, async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await signInAsAdmin(page, baseUrl, demoPassword);

      // An event to pick for the set.
      await page.getByRole('link', { name: 'Events' }).first().click();
      const newEvent = page.locator('section', { has: page.getByRole('heading', { name: 'New event' }) });
      await newEvent.getByLabel('Title').fill('Harbour Night');
      await newEvent.getByLabel('Date').fill('2026-08-01');
      await newEvent.getByRole('button', { name: 'Create event' }).click();
      await page.getByRole('heading', { name: 'Harbour Night', level: 1 }).waitFor();

      await page.getByRole('link', { name: 'Music' }).click();
      const newSet = page.locator('section', { has: page.getByRole('heading', { name: 'New set' }) });
      await newSet.getByLabel('Title').fill('Two Tracks');
      await newSet.getByLabel('DJ / artist').fill('DJ Order');
      await newSet.getByRole('button', { name: 'Create set' }).click();
      await page.getByRole('heading', { name: 'Two Tracks', level: 1 }).waitFor();

      // Only audio files are offered and taken.
      expect(await page.locator('.uppy-Dashboard-input').first().getAttribute('accept')).toContain('.flac');
      await pickFile(page, mp3);
      await page.locator('.track').first().waitFor();
      await pickFile(page, notAudio);
      const tracks = page.locator('.track');
      await tracks.nth(1).waitFor();

      const failed = page.locator('.track--failed');
      await failed.waitFor({ timeout: 60_000 });
      expect(await failed.locator('.track__failure').textContent()).toMatch(/Processing failed\..+/);
      await page.locator('.track--ready').waitFor({ timeout: 60_000 });
      await page.getByRole('heading', { name: /Short Tune/ }).waitFor();
      await screenshot(page, 'music-failed-track');

      // A file that is no audio fails for good: no Retry (it would fail the same way), Delete instead.
      expect(await failed.getByRole('button', { name: 'Retry' }).count()).toBe(0);
      await failed.getByRole('button', { name: 'Delete track…' }).waitFor();

      // Reorder with the keyboard: focus stays on the moved track, the order is saved.
      const titles = async () =>
        (await page.locator('.track__title').allTextContents()).map((t) => t.replace(/^Track \d+: /, ''));
      const before = await titles();
      expect(before).toHaveLength(2);
      const first = before[0] ?? '';
      await page.getByRole('button', { name: `Move “${first}” down` }).focus();
      await page.keyboard.press('Enter');
      await expect.poll(titles).toEqual([before[1], before[0]]);
      // At the bottom "down" is disabled, so "up" of the same track has the focus.
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label')))
        .toBe(`Move “${first}” up`);
      await page.getByText(`“${first}” moved to position 2 of 2.`).waitFor();
      await page.reload();
      await page.locator('.track').nth(1).waitFor();
      expect(await titles()).toEqual([before[1], before[0]]);

      // Delete the failed track after confirming; it goes away once its files are gone.
      const broken = page.locator('.track--failed');
      await broken.getByRole('button', { name: 'Delete track…' }).click();
      await broken.getByRole('button', { name: 'Yes, delete' }).click();
      await expect.poll(() => page.locator('.track').count(), { timeout: 60_000 }).toBe(1);

      // Details: the event picker; the set stays a draft, and no member sees it yet.
      const details = page.locator('section', { has: page.getByRole('heading', { name: 'Details' }) });
      await details.getByLabel('Event').selectOption({ label: 'Harbour Night · Aug 1, 2026' });
      await details.getByRole('button', { name: 'Save changes' }).click();
      await details.getByText('Saved.').waitFor();
      const meta = page.locator('.set-meta');
      await meta.getByRole('link', { name: 'Harbour Night' }).waitFor();
      const setId = page.url().split('/').pop() ?? '';
      const memberCookie = await signInApi(baseUrl, 'member@demo.local', demoPassword);
      const memberSets = () =>
        trpcQuery<Array<{ id: string }>>(baseUrl, memberCookie, 'musicSets.list', undefined).then((sets) =>
          sets.map((set) => set.id),
        );
      expect(await memberSets()).not.toContain(setId);

      // Published from the set's own bar, the audience chosen there (attendees offered: it has an event).
      const bar = page.getByRole('region', { name: 'Publishing' });
      await bar.getByText('Draft', { exact: true }).waitFor();
      await bar.getByText('Everything is processed: 1 track ready to publish.').waitFor();
      const audience = bar.getByLabel('Publish to');
      expect(await audience.inputValue()).toBe('attendees');
      expect(await audience.locator('option').allTextContents()).toEqual(['Attendees', 'All members']);
      await audience.selectOption('members');
      await bar.getByRole('button', { name: 'Publish' }).click();
      await bar.getByText('Seen by every member.').waitFor();
      await bar.getByText('Members', { exact: true }).waitFor();
      expect(await bar.getByRole('button', { name: 'Publish' }).count()).toBe(0);
      // The details form follows: saving it again keeps the set published.
      expect(await details.getByLabel('Visibility').inputValue()).toBe('members');

      // A member now finds it under Music and opens it.
      expect(await memberSets()).toContain(setId);
      const memberContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const member = await memberContext.newPage();
      await member.goto(`${baseUrl}/music`);
      await signInPage(member, 'member@demo.local', demoPassword);
      await member
        .getByRole('link', { name: /Two Tracks/ })
        .first()
        .click();
      await member.getByRole('heading', { name: 'Two Tracks', level: 1 }).waitFor();
      await memberContext.close();
      await screenshot(page, 'music-set-details');
      await context.close();
    });

    it('chooses a cover from the keyboard, keeps it when a file is refused, and removes it', {
      timeout: 120_000,
    }, async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      // Listening from the start: Playwright intercepts file dialogs only once someone listens, and
      // a key press reaches the page faster than a listener added together with it.
      const choosers: FileChooser[] = [];
      page.on('filechooser', (chooser) => choosers.push(chooser));
      const nextChooser = async (open: () => Promise<void>) => {
        const before = choosers.length;
        await open();
        await expect.poll(() => choosers.length).toBe(before + 1);
        return choosers[before] as FileChooser;
      };
      await signInAsAdmin(page, baseUrl, demoPassword);
      await page.getByRole('link', { name: 'Music' }).click();
      const newSet = page.locator('section', { has: page.getByRole('heading', { name: 'New set' }) });
      await newSet.getByLabel('Title').fill('Cover Story');
      await newSet.getByLabel('DJ / artist').fill('DJ Sleeve');
      await newSet.getByRole('button', { name: 'Create set' }).click();
      await page.getByRole('heading', { name: 'Cover Story', level: 1 }).waitFor();

      const cover = page.locator('section', {
        has: page.getByRole('heading', { name: 'Cover', exact: true, level: 2 }),
      });
      await cover.getByRole('img', { name: 'No cover yet' }).waitFor();
      // The track uploader loads beside it; once it is there nothing takes the focus any more.
      await page.locator('.uppy-Dashboard').waitFor();
      const choose = cover.getByRole('button', { name: 'Choose cover…' });
      await choose.focus();
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Choose cover…');
      await (await nextChooser(() => page.keyboard.press('Enter'))).setFiles(photo);
      const image = cover.getByRole('img', { name: 'Cover of “Cover Story”' });
      await image.waitFor({ timeout: 60_000 });
      // The worker's square, not the 1200×800 upload.
      await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(600);
      expect(await image.evaluate((img: HTMLImageElement) => img.naturalHeight)).toBe(600);
      await screenshot(page, 'music-set-cover');

      // A text file named .jpg passes the name check but not the worker's: the cover stays.
      await (await nextChooser(() => choose.click())).setFiles(notImage);
      await cover.getByText('The last image could not be used as the cover.').waitFor({ timeout: 60_000 });
      expect(await cover.getByRole('alert').textContent()).toMatch(/not a photo/);
      expect(await image.isVisible()).toBe(true);

      // A type no cover can have is refused in the browser, before a byte is sent.
      await (await nextChooser(() => choose.click())).setFiles(mp3);
      await cover.getByText('That file cannot be the cover.').waitFor();

      await cover.getByRole('button', { name: 'Remove cover' }).click();
      await cover.getByRole('button', { name: 'Yes, remove' }).click();
      await cover.getByRole('img', { name: 'No cover yet' }).waitFor();
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Choose cover…');
      await context.close();
    });
  },
);
