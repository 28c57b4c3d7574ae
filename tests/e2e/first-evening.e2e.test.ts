import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writePhotoJpeg } from '@party/media/test-fixtures';
import { decodeTrpcAnswer } from '@party/testing/trpc-wire';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signInAsAdmin } from './admin-helpers';
import { hasChromium, launchBrowser, screenshot } from './browser';
import { expectFitsPhone } from './layout';
import './provided-context';

const baseUrl = inject('baseUrl');
const demoPassword = inject('demoPassword');

type Steps = { event: boolean; upload: boolean; publish: boolean; invite: boolean };

/** The Overview's steps as the server reports them (the other browser tests share this server). */
async function serverSteps(page: Page): Promise<Steps> {
  const answer = decodeTrpcAnswer<{ steps: Steps }>(
    await (await page.request.get(`${baseUrl}/trpc/admin.overview.summary`)).json(),
  );
  const steps = answer.result?.data?.steps;
  if (!steps) throw new Error('admin.overview.summary gave no steps');
  return steps;
}

/** Creates an event from the Events page and opens it; returns its id. */
async function createEvent(page: Page, title: string): Promise<string> {
  await page.goto(`${baseUrl}/admin/events`);
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Date').fill('2026-11-21');
  await page.getByRole('button', { name: 'Create event' }).click();
  await page.getByRole('heading', { name: title }).waitFor();
  return page.url().split('/').pop() ?? '';
}

describe.skipIf(!hasChromium)(
  'the first evening: Overview, refused uploads, publishing, phone layout (skipped only when /usr/bin/chromium is missing)',
  () => {
    let browser: Browser;
    let dir: string;
    beforeAll(async () => {
      browser = await launchBrowser();
      dir = await mkdtemp(path.join(tmpdir(), 'party-e2e-evening-'));
    });
    afterAll(async () => {
      await browser?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('the Overview ticks each first step the server counts as done and links to the next', {
      timeout: 120_000,
    }, async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await signInAsAdmin(page, baseUrl, demoPassword);
      const steps = await serverSteps(page);
      const card = page.getByRole('region', { name: 'First steps' });
      if (Object.values(steps).every(Boolean)) {
        // Another browser test already did it all: the steps give way to what needs attention.
        expect(await card.count()).toBe(0);
      } else {
        const labels = {
          event: 'Create an event',
          upload: 'Upload photos or a set',
          publish: 'Publish',
          invite: 'Invite people',
        } as const;
        for (const [step, title] of Object.entries(labels) as Array<[keyof Steps, string]>) {
          const item = card.getByRole('listitem').filter({ hasText: title }).first();
          await expect.poll(() => item.textContent()).toContain(steps[step] ? '(done)' : '(to do)');
        }
      }
      await page.getByRole('region', { name: 'Needs attention' }).waitFor();
      await page.getByRole('region', { name: 'Recent activity' }).waitFor();

      // Creating an event ticks the first step and the activity names it.
      await createEvent(page, 'Overview Night');
      await page.getByRole('link', { name: 'Overview' }).first().click();
      await page.getByText('Event “Overview Night” created').waitFor();
      expect((await serverSteps(page)).event).toBe(true);
      if ((await card.count()) > 0) {
        await card.getByRole('listitem').filter({ hasText: 'Create an event' }).getByText('(done)').waitFor();
      }
      await screenshot(page, 'admin-overview');
      await context.close();
    });

    it('a refused file shows failed in the upload panel and the grid with its reason, offers Remove, not Retry, and is not counted', {
      timeout: 180_000,
    }, async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await signInAsAdmin(page, baseUrl, demoPassword);
      await createEvent(page, 'Refusal Night');

      const good = await writePhotoJpeg(path.join(dir, 'dance-floor.jpg'), 1200, 800, 3);
      const fake = path.join(dir, 'not-a-photo.jpg');
      await writeFile(fake, 'Shopping list: glow sticks, water, earplugs\n'.repeat(50));
      await page.locator('input[type=file]').first().setInputFiles([good, fake]);

      // In the panel: the fake is an error with the server's reason, with Remove and no Retry.
      const fakeItem = page.locator('.uppy-Dashboard-Item').filter({ hasText: 'not-a-photo.jpg' });
      await expect.poll(() => fakeItem.getAttribute('class'), { timeout: 90_000 }).toContain('is-error');
      expect(await fakeItem.locator('.uppy-Dashboard-Item-errorDetails').getAttribute('aria-label')).toMatch(
        /\w+ \w+/,
      );
      expect(await fakeItem.locator('.uppy-Dashboard-Item-progressIndicator button').count()).toBe(0);

      // In the grid: failed with its reason, Remove, no Retry, and left out of the counts.
      const tile = page.locator('.tile').filter({ hasText: 'not-a-photo.jpg' });
      await tile.getByText('Failed').waitFor();
      expect(await tile.locator('.tile__reason').textContent()).toMatch(/\w+ \w+/);
      expect(await tile.getByRole('button', { name: 'Retry' }).count()).toBe(0);
      await tile.getByRole('button', { name: 'Remove not-a-photo.jpg' }).waitFor();
      await page.locator('.tile').filter({ hasText: 'dance-floor.jpg' }).locator('img').waitFor();
      await page.getByText('Select all 1', { exact: false }).waitFor();
      await expect.poll(() => page.locator('.photo-summary').textContent()).toMatch(/^1 photo · .*1 failed/);
      await screenshot(page, 'admin-refused-upload');

      // Remove in the panel removes it from the panel and from the event.
      await fakeItem.getByRole('button', { name: /remove/i }).click();
      await expect.poll(() => fakeItem.count()).toBe(0);
      await expect.poll(() => tile.count(), { timeout: 60_000 }).toBe(0);
      await context.close();
    });

    it('the Publish button beside the Draft badge publishes the ready photos to the audience chosen there', {
      timeout: 180_000,
    }, async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await signInAsAdmin(page, baseUrl, demoPassword);
      await createEvent(page, 'Publish Night');
      await page
        .locator('input[type=file]')
        .first()
        .setInputFiles([await writePhotoJpeg(path.join(dir, 'lights.jpg'), 1000, 700, 4)]);

      const bar = page.getByRole('region', { name: 'Publishing' });
      await bar.getByText('Everything is processed: 1 photo ready to publish.').waitFor({ timeout: 90_000 });
      await bar.getByText('Draft', { exact: true }).waitFor();
      await bar.getByLabel('Publish to').selectOption('members');
      await bar.getByRole('button', { name: 'Publish' }).click();
      await bar.getByText('Seen by every member.').waitFor();
      await bar.getByText('Members', { exact: true }).waitFor();
      expect((await serverSteps(page)).publish).toBe(true);
      // With a photo selected, "Allow original" / "No original" say what they mean.
      await page.getByLabel('Select lights.jpg').check();
      expect(await page.locator('.toolbar__hint').textContent()).toBe(
        'Allow original: members may also download the file as uploaded, with its camera data (GPS too). No original: they get the full-size JPEG, without any metadata.',
      );
      await page.getByRole('button', { name: 'Allow original' }).waitFor();
      await context.close();
    });

    it('admin forms: an empty event form answers beside its fields without a request, the address is named and previewed, attendees are invited in one click, the invite form starts empty again, "Recorded on" follows the event', {
      timeout: 120_000,
    }, async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const creates: string[] = [];
      page.on('request', (request) => {
        if (request.url().includes('/trpc/admin.events.create')) creates.push(request.url());
      });
      await signInAsAdmin(page, baseUrl, demoPassword);
      await page.goto(`${baseUrl}/admin/events`);
      const newEvent = page.locator('section', { has: page.getByRole('heading', { name: 'New event' }) });
      await newEvent.getByLabel('Title').waitFor();

      // Empty: three messages beside the fields, nothing sent.
      await newEvent.getByRole('button', { name: 'Create event' }).click();
      await newEvent.getByText('Enter a title.').waitFor();
      await newEvent.getByText('Pick the date: day, month and year.').waitFor();
      await newEvent.getByText('Enter a web address (letters, digits and dashes).').waitFor();
      expect(await newEvent.getByLabel('Title').getAttribute('aria-invalid')).toBe('true');
      // A date with only its month typed is no date either: the same words, still no request.
      await newEvent.getByLabel('Title').fill('Forms Night');
      await newEvent.getByLabel('Date').click();
      await page.keyboard.type('11');
      await newEvent.getByRole('button', { name: 'Create event' }).click();
      await newEvent.getByText('Pick the date: day, month and year.').waitFor();
      expect(await newEvent.getByText('Enter a title.').count()).toBe(0);
      expect(creates).toEqual([]);

      // The slug is named as the gallery's web address and shown as the link members will open.
      await newEvent.getByLabel('Date').fill('2026-11-28');
      const address = newEvent.getByLabel('Web address (link)');
      expect(await address.inputValue()).toBe('forms-night-2026-11-28');
      expect(await newEvent.locator('.slug-preview').textContent()).toBe(
        `Members open the gallery at ${new URL(baseUrl).origin}/events/forms-night-2026-11-28`,
      );
      await newEvent.getByRole('button', { name: 'Create event' }).click();
      await page.getByRole('heading', { name: 'Forms Night', level: 1 }).waitFor();
      expect(creates).toHaveLength(1);
      // A saved event's preview is a link to the member gallery.
      expect(await page.locator('.slug-preview a').getAttribute('href')).toBe(
        '/events/forms-night-2026-11-28',
      );

      // Someone without an account on the attendee list: invited from right there, in one click.
      const stranger = `stranger-${Date.now()}@example.test`;
      const attendees = page.locator('section', { has: page.getByRole('heading', { name: 'Attendees' }) });
      await attendees.getByLabel('Add members by e-mail').fill(stranger);
      await attendees.getByRole('button', { name: 'Add attendees' }).click();
      await attendees.getByText('No account uses this address; invite them first:').waitFor();
      await attendees
        .getByRole('button', { name: /^(Invite them by e-mail|Create an invite for them)$/ })
        .click();
      await attendees.getByText(/^1 invite (sent|created)/).waitFor();
      await attendees.getByRole('link', { name: 'Open Invites' }).click();
      await page.getByRole('heading', { name: 'Invites', level: 1 }).waitFor();
      await page.getByRole('cell', { name: stranger }).waitFor();

      // The invite form starts empty again after creating, for the next person.
      const inviteEmail = page.getByLabel('E-mail (optional: binds the link to it)');
      await inviteEmail.fill(`next-${Date.now()}@example.test`);
      await page.getByRole('button', { name: 'Create invite' }).click();
      await page.getByLabel('Invite link').waitFor();
      expect(await inviteEmail.inputValue()).toBe('');

      // A new set takes its recording day from the chosen event.
      await page.goto(`${baseUrl}/admin/music`);
      const newSet = page.locator('section', { has: page.getByRole('heading', { name: 'New set' }) });
      await newSet.getByLabel('Event').selectOption({ label: 'Forms Night · Nov 28, 2026' });
      expect(await newSet.getByLabel('Recorded on').inputValue()).toBe('2026-11-28');
      await context.close();
    });

    it('at 390×844 no admin page is wider than the screen, and the top bar is two short rows', {
      timeout: 180_000,
    }, async () => {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true });
      const page = await context.newPage();
      await signInAsAdmin(page, baseUrl, demoPassword);
      const eventId = await createEvent(page, 'A Rather Long Event Title For A Phone Screen Night');
      await page
        .locator('input[type=file]')
        .first()
        .setInputFiles([
          await writePhotoJpeg(path.join(dir, 'phone.jpg'), 900, 600, 6),
          await writePhotoJpeg(path.join(dir, 'phone-b.jpg'), 800, 600, 7),
        ]);
      await page.getByRole('button', { name: 'View phone.jpg large' }).waitFor({ timeout: 90_000 });
      await page.getByRole('button', { name: 'View phone-b.jpg large' }).waitFor({ timeout: 90_000 });

      // A photo opened large by touch offers "Set as cover" in plain view (no hover on a phone).
      await page.getByRole('button', { name: 'View phone.jpg large' }).tap();
      let viewer = page.getByRole('dialog', { name: 'phone.jpg, large' });
      await viewer.waitFor();
      if (await viewer.locator('.badge--cover').isVisible()) {
        // Already the cover: the other photo is the one to choose.
        await viewer.getByRole('button', { name: 'Next →' }).tap();
        viewer = page.getByRole('dialog', { name: 'phone-b.jpg, large' });
        await viewer.waitFor();
      }
      const chosen = (await viewer.getAttribute('aria-label'))?.replace(/, large$/, '') ?? '';
      const setCover = viewer.getByRole('button', { name: 'Set as cover' });
      expect(await setCover.isVisible()).toBe(true);
      const box = await setCover.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 390 && box.y + box.height <= 844).toBe(true);
      await setCover.tap();
      await viewer.getByText('Cover', { exact: true }).waitFor();
      expect(await setCover.count()).toBe(0);
      await viewer.getByRole('button', { name: 'Close' }).tap();
      await viewer.waitFor({ state: 'detached' });
      // The grid agrees: the chosen photo carries the Cover badge, the other none.
      const tileOf = (name: string) => page.locator('.tile').filter({ hasText: name });
      await tileOf(chosen).locator('.badge--cover').waitFor();
      const other = chosen === 'phone.jpg' ? 'phone-b.jpg' : 'phone.jpg';
      expect(await tileOf(other).locator('.badge--cover').count()).toBe(0);

      await page.goto(`${baseUrl}/admin/music`);
      await page.getByLabel('Title').first().fill('Phone Set');
      await page.getByLabel('DJ / artist').first().fill('DJ Narrow');
      await page.getByRole('button', { name: 'Create set' }).click();
      await page.waitForURL(/\/admin\/music\/[0-9a-f-]{36}$/);
      const setPath = new URL(page.url()).pathname.replace(/^\/admin/, '');

      const pages = [
        '/',
        '/events',
        `/events/${eventId}`,
        '/music',
        setPath,
        '/invites',
        '/members',
        '/takedowns',
        '/integration',
        '/mail',
      ];
      for (const pagePath of pages) {
        await expectFitsPhone(page, `${baseUrl}/admin${pagePath}`, pagePath);
        // The role badge and Sign out are both in view.
        const badge = await page.locator('.who .badge').boundingBox();
        const signOut = await page.getByRole('button', { name: 'Sign out' }).boundingBox();
        expect(
          badge && signOut && badge.x + badge.width <= signOut.x,
          `ADMIN badge beside Sign out on ${pagePath}`,
        ).toBe(true);
        expect((signOut?.x ?? 0) + (signOut?.width ?? 0)).toBeLessThanOrEqual(390);
      }
      await page.goto(`${baseUrl}/admin/events/${eventId}`);
      await page.locator('h1').first().waitFor();
      await screenshot(page, 'admin-event-390');
      await context.close();
    });
  },
);
