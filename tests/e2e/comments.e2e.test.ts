import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signInAsAdmin } from './admin-helpers';
import { hasChromium, launchBrowser, screenshot } from './browser';
import { overflow } from './layout';
import {
  signInApi,
  signInPage,
  trpcMutation,
  trpcQuery,
  tusUpload,
  waitForAudio,
  waitUntil,
  writeTestFlac,
} from './member-helpers';
import './provided-context';

const baseUrl = inject('baseUrl');
const demoPassword = inject('demoPassword');

const SET_SECONDS = 12 * 60;
const FAN = { email: 'fan@comments.test', password: 'fan-password-123', name: 'Second Fan' };
const STRANGER = { email: 'stranger@comments.test', password: 'stranger-password-1', name: 'Stranger' };
const COMMENT = 'Massive drop right here';
const REPORT_REASON = 'Spoils the drop for everyone';

/** The waveform markers of timed comments (inside wavesurfer's shadow root; CSS locators pierce it). */
const commentMarkers = (page: Page) => page.locator('[part^="marker comment-"]');

/** Moves the player's audio element, as a seek from any control would. */
const seekAudio = (page: Page, seconds: number) =>
  page.evaluate((at) => {
    const audio = document.getElementById('party-player-audio') as HTMLAudioElement | null;
    if (audio) audio.currentTime = at;
  }, seconds);

describe.skipIf(!hasChromium)(
  'timed comments and listening statistics in the browser (skipped only without /usr/bin/chromium)',
  () => {
    let browser: Browser;
    let dir: string;
    let setId = '';
    let fanId = '';
    let admin = '';

    async function signUp(person: typeof FAN) {
      const invite = await trpcMutation<{ token: string }>(baseUrl, admin, 'admin.invites.create', {
        role: 'member',
      });
      const response = await fetch(`${baseUrl}/api/auth/sign-up/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: baseUrl },
        body: JSON.stringify({ ...person, inviteToken: invite.token }),
      });
      if (!response.ok) throw new Error(`sign-up failed: ${response.status} ${await response.text()}`);
    }

    beforeAll(async () => {
      browser = await launchBrowser();
      dir = await mkdtemp(path.join(tmpdir(), 'party-comments-'));
      admin = await signInApi(baseUrl, 'admin@demo.local', demoPassword);
      await signUp(FAN);
      await signUp(STRANGER);
      // Attendees only: the demo member and the fan attended, the stranger attended nothing.
      const event = await trpcMutation<{ id: string }>(baseUrl, admin, 'admin.events.create', {
        title: 'Comment Night',
        slug: 'comment-night',
        eventDate: '2026-09-12',
      });
      await trpcMutation(baseUrl, admin, 'admin.events.attendees.add', {
        eventId: event.id,
        emails: `member@demo.local, ${FAN.email}`,
      });
      const set = await trpcMutation<{ id: string }>(baseUrl, admin, 'admin.musicSets.create', {
        title: 'Talkative Session',
        artist: 'DJ Chatter',
        eventId: event.id,
        visibility: 'attendees',
      });
      setId = set.id;
      // The fan is linked as the set's DJ: their set page shows "Your listeners", nobody else's does.
      const members = await trpcQuery<{ id: string; email: string }[]>(
        baseUrl,
        admin,
        'admin.members.list',
        undefined,
      );
      fanId = members.find((m) => m.email === FAN.email)?.id ?? '';
      await trpcMutation(baseUrl, admin, 'admin.musicSets.update', { id: setId, djUserId: fanId });
      const file = path.join(dir, 'talkative.flac');
      await writeTestFlac(file, SET_SECONDS);
      await tusUpload(baseUrl, admin, await readFile(file), {
        kind: 'audio',
        setId,
        filename: 'talkative.flac',
        filetype: 'audio/flac',
      });
      await waitUntil(
        async () => {
          const detail = await trpcQuery<{ tracks: { status: string; failureReason: string | null }[] }>(
            baseUrl,
            admin,
            'admin.musicSets.byId',
            { id: setId },
          );
          const first = detail.tracks[0];
          if (first?.status === 'failed') throw new Error(`processing failed: ${first.failureReason}`);
          return first?.status === 'ready' ? first : undefined;
        },
        'the uploaded set to be processed',
        150_000,
      );
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('a comment posted at 10:00 shows as a marker, and clicking the marker seeks there', async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(`${baseUrl}/music/${setId}`);
      await signInPage(page, 'member@demo.local', demoPassword);
      await page.locator('.waveform[data-ready="true"]').waitFor();
      await page.getByText('No comments on this track yet').waitFor();
      // Not the set's DJ: no statistics on the page.
      expect(await page.getByRole('heading', { name: 'Your listeners' }).count()).toBe(0);

      await page.getByRole('button', { name: 'Play', exact: true }).click();
      await waitForAudio(page, (a) => !a.paused && a.currentTime > 1, 'playing');
      await seekAudio(page, 600);
      await page.getByRole('button', { name: 'Pause', exact: true }).click();
      await waitForAudio(page, (a) => a.paused && Math.abs(a.currentTime - 600) < 1, 'paused at 10:00');

      const box = page.getByLabel('Comment at 10:00');
      await box.click();
      await box.fill(COMMENT);
      await page.getByRole('button', { name: 'Post at 10:00' }).click();
      const item = page.locator('.comment', { hasText: COMMENT });
      await item.waitFor();
      await expect.poll(() => item.locator('.comment__time').textContent()).toBe('10:00');
      await expect.poll(() => commentMarkers(page).count()).toBe(1);
      await screenshot(page, 'member-comments-desktop');

      // Elsewhere in the set, the marker brings the player back to 10:00.
      await seekAudio(page, 60);
      await waitForAudio(page, (a) => Math.abs(a.currentTime - 60) < 1, 'at 1:00');
      await commentMarkers(page).locator('[part="region-content"]').click();
      await waitForAudio(page, (a) => Math.abs(a.currentTime - 600) < 2, 'back at 10:00 from the marker');

      // Editing keeps the moment; the list says it was edited.
      await item.getByRole('button', { name: 'Edit' }).click();
      await item.getByLabel('Your comment').fill(`${COMMENT}!`);
      await item.getByRole('button', { name: 'Save' }).click();
      await page
        .locator('.comment', { hasText: `${COMMENT}!` })
        .getByText('edited')
        .waitFor();
      expect(pageErrors).toEqual([]);
      await context.close();
    }, 120_000);

    it('another attendee sees it on a phone and seeks from the list; a member of no event gets nothing', async () => {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      const page = await context.newPage();
      await page.goto(`${baseUrl}/music/${setId}`);
      await signInPage(page, FAN.email, FAN.password);
      await page.locator('.waveform[data-ready="true"]').waitFor();
      // The set's DJ sees its listeners: the demo member's play, with the heatmap along the waveform.
      const listeners = page.getByRole('region', { name: 'Your listeners' });
      await expect
        .poll(
          async () => {
            await page.reload();
            await listeners
              .locator('.heatmap__wave--along')
              .waitFor({ timeout: 5000 })
              .catch(() => undefined);
            return listeners
              .locator('td[data-label="Plays"]')
              .first()
              .textContent()
              .catch(() => null);
          },
          { timeout: 30_000, interval: 1000 },
        )
        .toMatch(/^[1-9]/);
      await listeners.locator('.heatmap__wave--along').waitFor();
      await page.locator('.waveform[data-ready="true"]').waitFor();
      const item = page.locator('.comment', { hasText: COMMENT });
      await item.waitFor();
      await expect.poll(() => commentMarkers(page).count()).toBe(1);
      // Not theirs: they can report it, not edit it.
      expect(await item.getByRole('button', { name: 'Edit' }).count()).toBe(0);
      await item.getByRole('button', { name: 'Report' }).waitFor();
      // Keyboard: the comment's time is a button that plays from there.
      await item.locator('.comment__time').focus();
      await page.keyboard.press('Enter');
      await waitForAudio(page, (a) => !a.paused && Math.abs(a.currentTime - 600) < 3, 'playing at 10:00');
      // They report it to the admins (the admin deletes it below).
      await item.getByRole('button', { name: 'Report' }).click();
      await item.getByLabel('What is wrong with it? (optional)').fill(REPORT_REASON);
      await item.getByRole('button', { name: 'Report to the admins' }).click();
      await item.getByText('Thanks: the admins will look at it.').waitFor();
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
      ).toBeLessThanOrEqual(0);
      await screenshot(page, 'member-comments-phone');
      await context.close();

      const strangerContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const stranger = await strangerContext.newPage();
      await stranger.goto(`${baseUrl}/music/${setId}`);
      await signInPage(stranger, STRANGER.email, STRANGER.password);
      await stranger.getByRole('heading', { name: 'This set is not available' }).waitFor();
      expect(await stranger.getByText(COMMENT).count()).toBe(0);
      const cookie = await signInApi(baseUrl, STRANGER.email, STRANGER.password);
      const detail = await trpcQuery<{ tracks: { id: string }[] }>(baseUrl, admin, 'musicSets.byId', {
        id: setId,
      });
      await expect(
        trpcQuery(baseUrl, cookie, 'comments.list', { trackId: detail.tracks[0]?.id }),
      ).rejects.toThrow(/404/);
      await strangerContext.close();
    }, 120_000);

    it('the admin sees the plays of the set and its heatmap, and turns comments off', async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await signInAsAdmin(page, baseUrl, demoPassword);
      await page.goto(`${baseUrl}/admin/music/${setId}`);
      const listening = page.getByRole('region', { name: 'Listening' });
      // Both members played (each batch was sent when they paused or left the page).
      await expect
        .poll(
          async () => {
            await page.reload();
            await listening
              .locator('table')
              .waitFor({ timeout: 5000 })
              .catch(() => undefined);
            return listening
              .locator('td[data-label="Plays"]')
              .first()
              .textContent()
              .catch(() => null);
          },
          { timeout: 30_000, interval: 1000 },
        )
        .toMatch(/^[12]$/);
      await listening.locator('.heatmap').first().waitFor();
      // Drawn along the stored waveform: a column per slice of the track, shaded by its minute's
      // listening (the heard minutes brighter than the unheard ones).
      const wave = listening.locator('.heatmap__wave--along').first();
      await wave.waitFor();
      expect(Number(await wave.getAttribute('data-columns'))).toBeGreaterThan(100);
      const shades = await wave
        .locator('rect')
        .evaluateAll((rects) => [...new Set(rects.map((r) => r.getAttribute('fill-opacity')))]);
      expect(shades.length).toBeGreaterThan(1);
      expect(await listening.getByText('The waveform could not be loaded').count()).toBe(0);
      await screenshot(page, 'admin-listening');
      // The set's details name its DJ account.
      expect(await page.getByLabel('DJ account').inputValue()).toBe(fanId);

      // The period by keyboard: the figures stay (both plays are from today).
      const period = listening.getByLabel('Period');
      await period.focus();
      await page.keyboard.press('ArrowDown');
      expect(await period.inputValue()).toBe('90');
      await page.keyboard.press('Home');
      expect(await period.inputValue()).toBe('7');
      await expect
        .poll(() => listening.locator('td[data-label="Plays"]').first().textContent(), { timeout: 10_000 })
        .toMatch(/^[12]$/);

      // The reported comment, deleted by keyboard.
      const comments = page.getByRole('region', { name: 'Comments' });
      const reported = comments.getByRole('row', { name: new RegExp(REPORT_REASON) });
      await reported.getByText(COMMENT).waitFor();
      await reported.getByRole('button', { name: 'Delete comment' }).focus();
      await page.keyboard.press('Enter');
      await comments.getByText('No reported comments').waitFor();

      // A phone with figures and a report on the page: nothing wider than the screen.
      const detail = await trpcQuery<{ tracks: { id: string }[] }>(baseUrl, admin, 'musicSets.byId', {
        id: setId,
      });
      const second = await trpcMutation<{ id: string }>(baseUrl, admin, 'comments.create', {
        trackId: detail.tracks[0]?.id,
        atSeconds: 90,
        body: 'Second comment, to be reported',
      });
      const fan = await signInApi(baseUrl, FAN.email, FAN.password);
      await trpcMutation(baseUrl, fan, 'comments.report', {
        id: second.id,
        reason: `${REPORT_REASON}, and a long reason that has to wrap on a narrow screen`,
      });
      await page.setViewportSize({ width: 390, height: 844 });
      await page.reload();
      await listening.locator('td[data-label="Plays"]').first().waitFor();
      await comments.getByText('Second comment, to be reported').waitFor();
      const measured = await overflow(page);
      expect(
        measured.scrollWidth,
        `the set page is wider than the screen: ${measured.wide.join(', ')}`,
      ).toBeLessThanOrEqual(measured.innerWidth);
      for (const panel of [listening, comments]) {
        const box = await panel.boundingBox();
        expect(box && box.x + box.width).toBeLessThanOrEqual(390);
      }
      await screenshot(page, 'admin-listening-comments-phone');

      // Comments off by keyboard (Space on the switch); the choice is stored.
      const allowed = comments.getByLabel('Members can comment on this set');
      await allowed.focus();
      await page.keyboard.press('Space');
      await comments.getByText('Comments are hidden from members').waitFor();
      await page.reload();
      await comments.getByText('Comments are hidden from members').waitFor();
      expect(await allowed.isChecked()).toBe(false);
      await context.close();
    }, 90_000);
  },
);
