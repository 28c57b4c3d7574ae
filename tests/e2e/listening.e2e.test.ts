import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { hasChromium, launchBrowser, screenshot } from './browser';
import {
  audioState,
  drawnWaveformPixels,
  objectKeyOf,
  signInApi,
  signInPage,
  trpcMutation,
  trpcQuery,
  tusUpload,
  waitForAudio,
  waitUntil,
  waveformScroll,
  writeTestFlac,
} from './member-helpers';
import './provided-context';

const baseUrl = inject('baseUrl');
const demoPassword = inject('demoPassword');

const SET_SECONDS = 30 * 60;
const TRACKLIST = [
  '0:00 DJ Lumen - Morning Haze',
  '7:30 Kiko Vale - Second Light',
  '15:00 Ode Marin - Peak Time',
  '22:30 DJ Lumen - Long Goodbye',
].join('\n');

interface AdminTrack {
  id: string;
  status: string;
  failureReason: string | null;
}

/** The stream tier an audio URL plays (`medium`, `high`), if it is a stream tier at all. */
function tierOf(url: string): string | undefined {
  return /^derived\/tracks\/[^/]+\/(medium|high)\.mp3$/.exec(objectKeyOf(url))?.[1];
}

/** An audio object of the set in S3 (a stream tier or the original). */
function isAudioUrl(url: string): boolean {
  return tierOf(url) !== undefined || objectKeyOf(url).startsWith('originals/');
}

describe.skipIf(!hasChromium)(
  'member listening in the browser (skipped only without /usr/bin/chromium)',
  () => {
    let browser: Browser;
    let dir: string;
    let setId = '';
    let originalBytes = 0;

    beforeAll(async () => {
      browser = await launchBrowser();
      dir = await mkdtemp(path.join(tmpdir(), 'party-listening-'));
      const admin = await signInApi(baseUrl, 'admin@demo.local', demoPassword);
      const set = await trpcMutation<{ id: string }>(baseUrl, admin, 'admin.musicSets.create', {
        title: 'Afterglow Session',
        artist: 'DJ Lumen',
        recordedOn: '2026-05-30',
        description: 'Closing set of the terrace night, recorded from the mixer.',
        visibility: 'members',
      });
      setId = set.id;

      const file = path.join(dir, 'sunrise-session.flac');
      await writeTestFlac(file, SET_SECONDS);
      const bytes = await readFile(file);
      originalBytes = bytes.length;
      await tusUpload(baseUrl, admin, bytes, {
        kind: 'audio',
        setId,
        filename: 'sunrise-session.flac',
        filetype: 'audio/flac',
      });
      const track = await waitUntil(
        async () => {
          const detail = await trpcQuery<{ tracks: AdminTrack[] }>(baseUrl, admin, 'admin.musicSets.byId', {
            id: setId,
          });
          const first = detail.tracks[0];
          if (first?.status === 'failed') throw new Error(`processing failed: ${first.failureReason}`);
          return first?.status === 'ready' ? first : undefined;
        },
        'the uploaded set to be processed',
        150_000,
      );
      const tracklist = await trpcMutation<{ saved: boolean }>(baseUrl, admin, 'admin.tracks.setTracklist', {
        trackId: track.id,
        text: TRACKLIST,
      });
      expect(tracklist.saved).toBe(true);
    }, 180_000);

    afterAll(async () => {
      await browser?.close();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('streams a 30-minute set: peaks-drawn waveform, ranged seeks, tiers, tracklist, resume', async () => {
      const context: BrowserContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page: Page = await context.newPage();

      // Bytes of audio the browser really received (DevTools protocol: a 206 to `bytes=0-` may
      // announce the whole file in its Content-Length while the player reads only the start).
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      const requestUrls = new Map<string, string>();
      let audioBytes = 0;
      cdp.on('Network.requestWillBeSent', (event) => requestUrls.set(event.requestId, event.request.url));
      cdp.on('Network.dataReceived', (event) => {
        const url = requestUrls.get(event.requestId);
        if (url && isAudioUrl(url)) audioBytes += event.dataLength;
      });
      const audioResponses: { url: string; status: number; range: string; at: number }[] = [];
      page.on('response', (response: Response) => {
        if (!isAudioUrl(response.url())) return;
        audioResponses.push({
          url: response.url(),
          status: response.status(),
          range: response.headers()['content-range'] ?? '',
          at: Date.now(),
        });
      });
      // The detail peaks (a file of their own) are fetched only once the member zooms in.
      let detailPeaksRequests = 0;
      page.on('request', (request) => {
        if (objectKeyOf(request.url()).endsWith('/peaks-detail.json')) detailPeaksRequests += 1;
      });
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));

      await page.goto(`${baseUrl}/`);
      await signInPage(page, 'member@demo.local', demoPassword);
      await page.getByRole('link', { name: 'Music', exact: true }).click();
      await page.getByRole('heading', { name: 'Music', level: 1 }).waitFor();
      await page.getByRole('link', { name: /Afterglow Session/ }).waitFor();

      // Search reaches into the tracklist; a miss says so.
      const search = page.getByRole('searchbox', { name: 'Search sets' });
      await search.fill('peak time');
      await page.getByText('1 set matches').waitFor();
      await search.fill('no such tune anywhere');
      await page.getByRole('heading', { name: 'No sets match your search' }).waitFor();
      await search.fill('');
      await page.getByRole('link', { name: /Afterglow Session/ }).click();
      await page.getByRole('heading', { name: 'Afterglow Session', level: 1 }).waitFor();

      // The waveform is drawn from the stored peaks, before and without any audio download.
      await page.locator('.waveform[data-ready="true"]').waitFor();
      await expect
        .poll(async () => (await drawnWaveformPixels(page)).drawn, { timeout: 10_000 })
        .toBeGreaterThan(500);
      expect(audioBytes).toBe(0);

      // Play (a click is the user gesture the autoplay policy wants).
      await page.getByRole('button', { name: 'Play', exact: true }).click();
      const started = await waitForAudio(page, (a) => !a.paused && a.currentTime > 0.5, 'playing');
      expect(tierOf(started.src)).toBe('medium');
      const duration = started.duration;
      expect(duration).toBeGreaterThan(SET_SECONDS - 2);
      expect(duration).toBeLessThan(SET_SECONDS + 2);

      // Seek to 75% by clicking the waveform: a new Range request (206 from far into the file).
      const host = page.locator('.waveform__canvas > div');
      const box = await host.boundingBox();
      if (!box) throw new Error('the waveform has no box');
      const clickedAt = Date.now();
      await page.mouse.click(box.x + box.width * 0.75, box.y + 40);
      const sought = await waitForAudio(
        page,
        (a) => Math.abs(a.currentTime / duration - 0.75) < 0.02 && !a.paused,
        'at 75% and playing',
      );
      await expect
        .poll(() =>
          audioResponses.some((r) => {
            const match = /^bytes (\d+)-\d+\/(\d+)$/.exec(r.range);
            return (
              r.at >= clickedAt && r.status === 206 && match && Number(match[1]) > 0.7 * Number(match[2])
            );
          }),
        )
        .toBe(true);
      await waitForAudio(page, (a) => a.currentTime > sought.currentTime + 1, 'advancing after the seek');

      // Switch to the high tier mid-play: same position, still playing, and remembered.
      const beforeSwitch = (await audioState(page)).currentTime;
      await page.getByRole('radio', { name: /High/ }).check();
      const switched = await waitForAudio(
        page,
        (a) => tierOf(a.src) === 'high' && !a.paused && a.readyState >= 2,
        'playing the high tier',
      );
      expect(Math.abs(switched.currentTime - beforeSwitch)).toBeLessThan(3);
      const remembered = await page.evaluate(() =>
        Object.entries(window.localStorage).find(([key]) => key.startsWith('party:stream-tier:')),
      );
      expect(remembered?.[1]).toBe('high');

      // A tracklist entry seeks there and becomes the one marked as playing.
      // The entry itself, not its favourite button (whose name quotes the entry).
      const peakTime = page.getByRole('button', { name: /^15:00 Ode Marin – Peak Time/ });
      await peakTime.click();
      await waitForAudio(page, (a) => Math.abs(a.currentTime - 900) < 3 && !a.paused, 'at 15:00');
      await expect.poll(() => peakTime.getAttribute('aria-current')).toBe('true');
      await page.getByText('Now playing').first().waitFor();

      // Hearts on the set and on that tracklist entry ("that track at 15:00"), by click and key.
      await page.getByRole('button', { name: 'Add Afterglow Session to favourites' }).click();
      await page
        .getByRole('button', { name: 'Remove Afterglow Session from favourites', pressed: true })
        .waitFor();
      const momentHeart = page.getByRole('button', {
        name: 'Add 15:00 Ode Marin – Peak Time to favourites',
      });
      await momentHeart.focus();
      await page.keyboard.press('Enter');
      await page
        .getByRole('button', { name: 'Remove 15:00 Ode Marin – Peak Time from favourites', pressed: true })
        .waitFor();

      // Keyboard: ← goes back 5 s, K pauses and plays.
      await page.locator('h1').click();
      const beforeKey = (await audioState(page)).currentTime;
      await page.keyboard.press('ArrowLeft');
      await waitForAudio(page, (a) => a.currentTime < beforeKey - 3, '5 s back');
      await page.keyboard.press('k');
      await waitForAudio(page, (a) => a.paused, 'paused by K');
      await page.keyboard.press('k');
      await waitForAudio(page, (a) => !a.paused, 'playing again by K');

      // Zoom in: the detail peaks draw a scrolling waveform; zoom out shows the whole set again.
      expect(detailPeaksRequests).toBe(0);
      await page.getByRole('button', { name: 'Zoom in' }).click();
      await page.getByRole('button', { name: 'Zoom in' }).click();
      await page.getByText('4×').waitFor();
      await expect
        .poll(async () => {
          const { scrollWidth, clientWidth } = await waveformScroll(page);
          return scrollWidth / clientWidth;
        })
        .toBeGreaterThan(3.5);
      await expect.poll(async () => (await drawnWaveformPixels(page)).drawn).toBeGreaterThan(500);
      await expect.poll(() => detailPeaksRequests).toBe(1);
      await screenshot(page, 'member-player-zoomed');
      await page.getByRole('button', { name: 'Zoom out' }).click();
      await page.getByRole('button', { name: 'Zoom out' }).click();
      await page.getByText('Whole set').waitFor();
      await expect
        .poll(async () => (await waveformScroll(page)).scrollWidth)
        .toBeLessThanOrEqual((await waveformScroll(page)).clientWidth + 1);

      await screenshot(page, 'member-player-desktop');

      // Far fewer audio bytes than the files: the browser fetched only around what was played
      // (how far Chromium buffers ahead varies with load, hence the margin; 0 before play is exact).
      const streamTotals = audioResponses
        .map((r) => Number(/\/(\d+)$/.exec(r.range)?.[1] ?? 0))
        .filter((total) => total > 0);
      const smallestStream = Math.min(...streamTotals);
      expect(audioBytes).toBeGreaterThan(0);
      expect(audioBytes).toBeLessThan(0.5 * smallestStream);
      expect(audioBytes).toBeLessThan(0.25 * originalBytes);
      expect(audioResponses.some((r) => r.url.includes('/originals/'))).toBe(false);

      // Browsing on: the music keeps playing, with a player bar on the other pages.
      await page.getByRole('link', { name: 'Music', exact: true }).click();
      await page.getByRole('heading', { name: 'Music', level: 1 }).waitFor();
      const bar = page.getByRole('region', { name: 'Now playing' });
      await bar.waitFor();
      await screenshot(page, 'member-music-mini-player');
      const onOtherPage = (await audioState(page)).currentTime;
      await waitForAudio(
        page,
        (a) => !a.paused && a.currentTime > onOtherPage + 1,
        'playing on another page',
      );
      // Both hearts are on the Favourites page; the moment links to its place in the set.
      await page.getByRole('link', { name: 'Favourites', exact: true }).click();
      await page.getByRole('heading', { name: 'Favourites', level: 1 }).waitFor();
      const favouriteSets = page.getByRole('region', { name: 'Sets' });
      await favouriteSets.getByRole('link', { name: /Afterglow Session/ }).waitFor();
      const moment = page.getByRole('region', { name: 'Moments' }).getByRole('link', { name: /Peak Time/ });
      expect(await moment.getAttribute('href')).toBe(`/music/${setId}?t=900`);
      expect(await moment.textContent()).toMatch(/^15:00.*Ode Marin – Peak Time.*Afterglow Session/);
      await screenshot(page, 'member-favourites-set-and-moment');
      await bar.getByRole('link').click();
      await page.getByRole('heading', { name: 'Afterglow Session', level: 1 }).waitFor();

      // Phone size: nothing wider than the screen.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.locator('.waveform[data-ready="true"]').waitFor();
      await page.waitForTimeout(300);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await screenshot(page, 'member-player-phone');
      await page.setViewportSize({ width: 1280, height: 800 });

      // Leaving saves the position; coming back offers to resume there.
      const leftAt = (await audioState(page)).currentTime;
      const trpcAfterReload: string[] = [];
      const onTrpc = (request: { url(): string }) => {
        const { pathname } = new URL(request.url());
        if (pathname.startsWith('/trpc/')) trpcAfterReload.push(pathname.slice('/trpc/'.length));
      };
      page.on('request', onTrpc);
      await page.reload();
      const resume = page.getByRole('button', { name: /^Resume at / });
      await resume.waitFor();
      page.off('request', onTrpc);
      // The set is asked for together with the session, in the first request: no extra round trip.
      expect(trpcAfterReload[0]?.split(',').sort()).toEqual(['account.me', 'musicSets.byId']);
      const [, h = '0', m = '0', s = '0'] =
        /Resume at (?:(\d+):)?(\d+):(\d+)/.exec((await resume.textContent()) ?? '') ?? [];
      const offered = Number(h) * 3600 + Number(m) * 60 + Number(s);
      expect(offered).toBeGreaterThan(leftAt - 5);
      expect(offered).toBeLessThanOrEqual(leftAt + 2);
      await resume.click();
      await waitForAudio(page, (a) => !a.paused && Math.abs(a.currentTime - offered) < 3, 'resumed');
      // The tier choice survived the reload.
      expect(tierOf((await audioState(page)).src)).toBe('high');

      // The listing on a phone, with the player bar.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByRole('link', { name: '← All music' }).click();
      await page.getByRole('region', { name: 'Now playing' }).waitFor();
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth),
      ).toBeLessThanOrEqual(0);
      await screenshot(page, 'member-music-phone');

      expect(pageErrors).toEqual([]);
      await context.close();
    }, 180_000);

    it('a seek answered 403 (an expired URL) resumes at the same position with a fresh URL', async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      let refuseNext = false;
      let refused = 0;
      let streamUrlCalls = 0;
      page.on('request', (request) => {
        if (request.url().includes('/trpc/tracks.streamUrl')) streamUrlCalls += 1;
      });
      // S3 refuses an expired presigned URL with 403; here the first audio request after a seek is.
      await page.route(
        (url) => isAudioUrl(url.href),
        async (route) => {
          if (!refuseNext) return route.continue();
          refuseNext = false;
          refused += 1;
          return route.fulfill({
            status: 403,
            contentType: 'application/xml',
            body: '<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>',
          });
        },
      );
      await page.goto(`${baseUrl}/music/${setId}`);
      await signInPage(page, 'member@demo.local', demoPassword);
      await page.locator('.waveform[data-ready="true"]').waitFor();
      await page.getByRole('button', { name: 'Play', exact: true }).click();
      await waitForAudio(page, (a) => !a.paused && a.currentTime > 0.5, 'playing');
      const callsBefore = streamUrlCalls;

      refuseNext = true;
      const box = await page.locator('.waveform__canvas > div').boundingBox();
      if (!box) throw new Error('the waveform has no box');
      await page.mouse.click(box.x + box.width * 0.5, box.y + 40);
      const resumed = await waitForAudio(
        page,
        (a) => !a.paused && Math.abs(a.currentTime - SET_SECONDS / 2) < 20 && a.readyState >= 2,
        'playing again near the middle',
        30_000,
      );
      expect(refused).toBe(1);
      expect(streamUrlCalls).toBeGreaterThan(callsBefore);
      await waitForAudio(
        page,
        (a) => a.currentTime > resumed.currentTime + 1,
        'advancing after the recovery',
      );
      expect(await page.getByRole('alert').count()).toBe(0);
      await context.close();
    }, 120_000);
  },
);
