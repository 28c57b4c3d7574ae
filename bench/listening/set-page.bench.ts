/**
 * The member set page of a BENCH_HOURS-hour set (issue 5), in headless Chromium against the real
 * server and the local S3 emulator, each run in a fresh browser context with the cache disabled:
 *
 * - waveform: from the navigation to `/music/<setId>` to the waveform's canvas holding drawn
 *   pixels; baseline: a bare page that fetches and parses the same presigned `peaks.json`.
 * - first audio: from the click on Play to the `<audio>` element playing with currentTime > 0;
 *   baseline: a bare `<audio>` element given the same presigned medium-tier URL on a click.
 *
 *   node --import tsx bench/listening/set-page.bench.ts     # BENCH_HOURS=4 BENCH_RUNS=5
 *
 * Both ends are timed inside the page (performance.now(), whose origin is the navigation start), so
 * the DevTools round trips add no noise. The set is a generated stereo MP3 at 192 kbps CBR (the
 * medium tier is then a stream copy and processing only decodes for the peaks), uploaded through
 * tus by the admin with a tracklist of 40 entries; generating, uploading and processing it are not
 * timed. The server runs as a child process as `npm start` runs it (embedded PostgreSQL, ROLE=all
 * so its worker processes the upload), pointed at an S3 emulator started in this process.
 */
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { readFile, rm, stat } from 'node:fs/promises';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type RunningS3Emulator, startS3Emulator } from '../../packages/dev-services/src/s3-emulator';
import { freePort, type ServerProcess, startServerProcess } from '../../packages/testing/src/server-process';
import { launchChromium } from '../../tests/e2e/chromium';
import { signInApi, trpcMutation, trpcQuery, tusUpload, waitUntil } from '../../tests/e2e/member-helpers';
import { benchNumber, inheritedEnv } from '../support/env';
import { median, round } from '../support/measure';
import { benchWorkDir, reportResults, withCleanup } from '../support/run';

// bench/ has no playwright-core of its own: its types come through the e2e helper that launches it.
type Browser = Awaited<ReturnType<typeof launchChromium>>;
type BrowserContext = Awaited<ReturnType<Browser['newContext']>>;
type Page = Awaited<ReturnType<BrowserContext['newPage']>>;

const run = promisify(execFile);

const DEMO_PASSWORD = 'bench-password-1';
const BUCKET = 'bench-listening';
const CUES = 40;
const VIEWPORT = { width: 1280, height: 800 };
/** Alpha > 0 pixels that count as "a waveform is drawn" (as in the e2e test; a real one has ~10^4). */
const DRAWN_PIXELS = 500;
const STEP_TIMEOUT_MS = 60_000;

const hours = benchNumber('BENCH_HOURS', 4, { max: 12 });
const runs = benchNumber('BENCH_RUNS', 5, { integer: true });
const setSeconds = Math.round(hours * 3600);
const lengthLabel = hours >= 1 ? `${hours}-hour` : `${Math.round(hours * 60)}-minute`;

const root = fileURLToPath(new URL('../..', import.meta.url));

/** `h:mm:ss`, as an admin pastes a tracklist. */
function clock(seconds: number): string {
  const s = Math.floor(seconds);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  return `${Math.floor(s / 3600)}:${mm}:${String(s % 60).padStart(2, '0')}`;
}

/**
 * A stereo 44.1 kHz MP3 at 192 kbps CBR: a tone whose loudness swells over 15-minute arcs and
 * pulses every few seconds, so the normalised waveform has shape rather than a flat band.
 */
async function writeSetMp3(file: string, seconds: number): Promise<void> {
  await run('ffmpeg', [
    '-nostdin',
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `sine=f=220:sample_rate=44100:d=${seconds}`,
    '-af',
    "volume='0.2+0.65*abs(sin(2*PI*t/900))*(0.7+0.3*sin(2*PI*t/7))':eval=frame",
    '-ac',
    '2',
    '-c:a',
    'libmp3lame',
    '-b:a',
    '192k',
    '-metadata',
    'title=Bench Marathon',
    file,
  ]);
}

// ——— the bare pages (baselines), served from this process ———

const BARE_PEAKS = `<!doctype html><meta charset="utf-8"><title>bare peaks</title><script>
window.__bare = fetch(decodeURIComponent(location.hash.slice(1))).then(async (response) => {
  if (!response.ok) throw new Error('peaks answered ' + response.status);
  const bytes = Number(response.headers.get('content-length'));
  const peaks = await response.json();
  return { at: performance.now(), bytes, values: peaks.overview.data.length };
});
</script>`;

const BARE_AUDIO = `<!doctype html><meta charset="utf-8"><title>bare audio</title>
<button type="button" id="play">Play</button><audio id="audio" preload="none"></audio><script>
document.getElementById('play').addEventListener('click', () => {
  const audio = document.getElementById('audio');
  audio.src = window.__streamUrl;
  audio.play().catch((error) => { window.__benchProbe.errors.push(String(error)); });
});
</script>`;

/** Serves the two bare pages on 127.0.0.1 (an origin the bucket's CORS rule allows). */
async function startBarePages(): Promise<{ server: HttpServer; origin: string }> {
  const server = createHttpServer((req, res) => {
    const body = req.url?.startsWith('/peaks')
      ? BARE_PEAKS
      : req.url?.startsWith('/audio')
        ? BARE_AUDIO
        : null;
    res.writeHead(body ? 200 : 404, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
    });
    res.end(body ?? 'not found');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('bare page server has no address');
  return { server, origin: `http://127.0.0.1:${address.port}` };
}

// ——— in-page probes ———

interface Probe {
  clickAt: number | null;
  playingAt: number | null;
  audioAt: number | null;
  waveformAt: number | null;
  waveformPixels: number;
  errors: string[];
}

declare global {
  interface Window {
    __benchProbe: Probe;
    __bare?: Promise<{ at: number; bytes: number; values: number }>;
    __streamUrl?: string;
  }
}

/**
 * Installed before any page script (addInitScript), so it sees the whole load. Times are
 * performance.now(): milliseconds since this document's navigation started. Media events do not
 * bubble, but capture listeners on the document see them for any element in it. A string, not a
 * function: tsx's transform would wrap the function's inner names in a helper the page lacks.
 */
function probeScript(options: { waveform: boolean; drawnPixels: number }): string {
  return `(() => {
  const options = ${JSON.stringify(options)};
  const probe = { clickAt: null, playingAt: null, audioAt: null, waveformAt: null, waveformPixels: 0, errors: [] };
  window.__benchProbe = probe;

  const checkAudio = (media) => {
    if (probe.audioAt !== null || probe.playingAt === null || !media) return;
    if (!media.paused && media.currentTime > 0) probe.audioAt = performance.now();
  };
  const watchAudio = () => {
    checkAudio(document.querySelector('audio'));
    if (probe.audioAt === null) requestAnimationFrame(watchAudio);
  };
  document.addEventListener('click', () => {
    if (probe.clickAt !== null) return;
    probe.clickAt = performance.now();
    requestAnimationFrame(watchAudio);
  }, true);
  document.addEventListener('playing', (event) => {
    if (probe.clickAt === null || probe.playingAt !== null) return;
    probe.playingAt = performance.now();
    checkAudio(event.target);
  }, true);
  document.addEventListener('timeupdate', (event) => checkAudio(event.target), true);
  document.addEventListener('error', (event) => {
    if (event.target instanceof HTMLMediaElement) probe.errors.push('media error ' + event.target.error?.code);
  }, true);

  if (!options.waveform) return;
  // wavesurfer draws into canvases inside its shadow root: read them every frame until drawn.
  const watchWaveform = () => {
    const host = document.querySelector('.waveform__canvas > div');
    let drawn = 0;
    for (const canvas of host?.shadowRoot?.querySelectorAll('canvas') ?? []) {
      if (canvas.width === 0 || canvas.height === 0) continue;
      const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
      if (!data) continue;
      for (let i = 3; i < data.length; i += 4) if (data[i] > 0) drawn += 1;
    }
    if (drawn > options.drawnPixels) {
      probe.waveformAt = performance.now();
      probe.waveformPixels = drawn;
    } else requestAnimationFrame(watchWaveform);
  };
  requestAnimationFrame(watchWaveform);
})();`;
}

/** A page of a fresh context with the HTTP cache off, counting bytes received per kind of URL. */
async function coldPage(browser: Browser, options: { waveform: boolean; cookies?: Cookie[] }) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  if (options.cookies) await context.addCookies(options.cookies);
  await context.addInitScript({
    content: probeScript({ waveform: options.waveform, drawnPixels: DRAWN_PIXELS }),
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const urls = new Map<string, string>();
  const received = { audio: 0, peaks: 0 };
  cdp.on('Network.requestWillBeSent', (event) => urls.set(event.requestId, event.request.url));
  cdp.on('Network.dataReceived', (event) => {
    const url = urls.get(event.requestId);
    if (!url) return;
    const { pathname } = new URL(url);
    if (/\.mp3$/.test(pathname) || pathname.includes('/originals/')) received.audio += event.dataLength;
    else if (pathname.endsWith('/peaks.json')) received.peaks += event.dataLength;
  });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { context, page, received, errors };
}

interface Cookie {
  name: string;
  value: string;
  url: string;
}

function cookiesOf(header: string, url: string): Cookie[] {
  return header.split('; ').map((pair) => {
    const at = pair.indexOf('=');
    return { name: pair.slice(0, at), value: pair.slice(at + 1), url };
  });
}

async function probeOf(page: Page): Promise<Probe> {
  return page.evaluate(() => window.__benchProbe);
}

async function waitForProbe(page: Page, field: 'waveformAt' | 'audioAt', what: string, errors: string[]) {
  try {
    await page.waitForFunction((name) => window.__benchProbe[name] !== null, field, {
      polling: 100,
      timeout: STEP_TIMEOUT_MS,
    });
  } catch (error) {
    const probe = await probeOf(page).catch(() => null);
    throw new Error(
      `timed out waiting for ${what}; probe ${JSON.stringify(probe)}; page errors ${JSON.stringify(errors)}`,
      { cause: error },
    );
  }
  return probeOf(page);
}

interface AppRun {
  waveformMs: number;
  waveformPixels: number;
  audioMs: number;
  playingMs: number;
  audioBytesBeforePlay: number;
  peaksBytes: number;
  /** Where the time to the waveform goes: ms since the navigation started (null: not seen). */
  phases: Record<
    'scriptLoaded' | 'setRequested' | 'setLoaded' | 'peaksRequested' | 'peaksLoaded',
    number | null
  >;
  /**
   * Where the time to the first frame goes: ms since the click. Null where not seen: resource
   * timing lists a request only once it has finished, so a still-streaming first MP3 request is absent.
   */
  playPhases: Record<'streamUrlAnswered' | 'audioRequested', number | null>;
}

/**
 * Ends of requests from the page's resource timing, by a regular expression on the URL. A string
 * for the same reason as the probe: tsx would give an inner function a helper the page lacks.
 */
function resourceTimes(patterns: Record<string, RegExp>, field: 'startTime' | 'responseEnd'): string {
  const tests = Object.entries(patterns).map(([name, pattern]) => `[${JSON.stringify(name)}, ${pattern}]`);
  return `Object.fromEntries([${tests.join(', ')}].map(([name, pattern]) => {
    const entry = performance.getEntriesByType('resource').find((e) => pattern.test(e.name));
    return [name, entry ? entry.${field} : null];
  }))`;
}

/** The member's way: open the set page cold, wait for the waveform, press Play. */
async function measureApp(browser: Browser, base: string, cookies: Cookie[], setId: string): Promise<AppRun> {
  const { context, page, received, errors } = await coldPage(browser, { waveform: true, cookies });
  try {
    await page.goto(`${base}/music/${setId}`, { waitUntil: 'commit' });
    const drawn = await waitForProbe(page, 'waveformAt', 'the waveform to be drawn', errors);
    const loaded: Record<string, number | null> = await page.evaluate(
      resourceTimes(
        {
          scriptLoaded: /\/assets\/[^/?]+\.js/,
          setLoaded: /musicSets\.byId/,
          peaksLoaded: /\/peaks\.json\?/,
        },
        'responseEnd',
      ),
    );
    const requested: Record<string, number | null> = await page.evaluate(
      resourceTimes({ setRequested: /musicSets\.byId/, peaksRequested: /\/peaks\.json\?/ }, 'startTime'),
    );
    // A moment for whatever the page still does after drawing, so Play is timed on its own.
    await sleep(500);
    const audioBytesBeforePlay = received.audio;
    const peaksBytes = received.peaks;
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    const played = await waitForProbe(page, 'audioAt', 'the first audio frame', errors);
    const source = await page.evaluate(
      () => (document.getElementById('party-player-audio') as HTMLAudioElement | null)?.currentSrc ?? '',
    );
    if (!/\/medium\.mp3\?/.test(source)) throw new Error(`the player streams ${source}, not the medium tier`);
    if (errors.length > 0 || played.errors.length > 0)
      throw new Error(`page errors: ${JSON.stringify([...errors, ...played.errors])}`);
    const { waveformAt, clickAt, playingAt, audioAt } = played;
    if (waveformAt === null || clickAt === null || playingAt === null || audioAt === null)
      throw new Error(`incomplete probe ${JSON.stringify(played)}`);
    const answered: Record<string, number | null> = await page.evaluate(
      resourceTimes({ streamUrlAnswered: /tracks\.streamUrl/ }, 'responseEnd'),
    );
    const audioRequested: Record<string, number | null> = await page.evaluate(
      resourceTimes({ audioRequested: /\/medium\.mp3\?/ }, 'startTime'),
    );
    const sinceClick = (at: number | null | undefined) => (typeof at === 'number' ? at - clickAt : null);
    await page.evaluate(() => document.querySelector('audio')?.pause());
    return {
      phases: {
        scriptLoaded: loaded.scriptLoaded ?? null,
        setRequested: requested.setRequested ?? null,
        setLoaded: loaded.setLoaded ?? null,
        peaksRequested: requested.peaksRequested ?? null,
        peaksLoaded: loaded.peaksLoaded ?? null,
      },
      playPhases: {
        streamUrlAnswered: sinceClick(answered.streamUrlAnswered),
        audioRequested: sinceClick(audioRequested.audioRequested),
      },
      waveformMs: waveformAt,
      waveformPixels: drawn.waveformPixels,
      audioMs: audioAt - clickAt,
      playingMs: playingAt - clickAt,
      audioBytesBeforePlay,
      peaksBytes,
    };
  } finally {
    await context.close();
  }
}

interface BareRun {
  peaksMs: number;
  peaksBytes: number;
  peakValues: number;
  audioMs: number;
  playingMs: number;
}

/** The floors: a bare page fetching and parsing the peaks, a bare `<audio>` playing the stream. */
async function measureBare(
  browser: Browser,
  bareOrigin: string,
  urls: { peaks: string; stream: string },
): Promise<BareRun> {
  const { context, page, errors } = await coldPage(browser, { waveform: false });
  try {
    // The inline script has started the fetch by DOMContentLoaded; it times itself.
    await page.goto(`${bareOrigin}/peaks#${encodeURIComponent(urls.peaks)}`, {
      waitUntil: 'domcontentloaded',
    });
    const peaks = await page.evaluate(() => window.__bare);
    if (!peaks) throw new Error('the bare peaks page did not start its fetch');

    await page.goto(`${bareOrigin}/audio`);
    await page.evaluate((url) => {
      window.__streamUrl = url;
    }, urls.stream);
    await page.getByRole('button', { name: 'Play', exact: true }).click();
    const played = await waitForProbe(page, 'audioAt', 'the bare audio element to play', errors);
    if (errors.length > 0 || played.errors.length > 0)
      throw new Error(`bare page errors: ${JSON.stringify([...errors, ...played.errors])}`);
    const { clickAt, playingAt, audioAt } = played;
    if (clickAt === null || playingAt === null || audioAt === null)
      throw new Error(`incomplete probe ${JSON.stringify(played)}`);
    await page.evaluate(() => document.querySelector('audio')?.pause());
    return {
      peaksMs: peaks.at,
      peaksBytes: peaks.bytes,
      peakValues: peaks.values,
      audioMs: audioAt - clickAt,
      playingMs: playingAt - clickAt,
    };
  } finally {
    await context.close();
  }
}

interface AdminTrack {
  id: string;
  status: string;
  failureReason: string | null;
}

interface MemberTrack {
  id: string;
  durationSeconds: number;
  tiers: string[];
  peaksUrl: string | null;
  cues: unknown[];
}

/** The set as the admin would make it: upload through tus, wait for processing, paste a tracklist. */
async function seedSet(base: string, work: string): Promise<{ setId: string; fileBytes: number }> {
  const file = join(work, 'bench-marathon.mp3');
  const generating = performance.now();
  await writeSetMp3(file, setSeconds);
  const fileBytes = (await stat(file)).size;
  console.log(
    `  generated a ${lengthLabel} MP3 192 CBR: ${(fileBytes / 1e6).toFixed(0)} MB in ` +
      `${((performance.now() - generating) / 1000).toFixed(0)} s`,
  );

  const admin = await signInApi(base, 'admin@demo.local', DEMO_PASSWORD);
  const { id: setId } = await trpcMutation<{ id: string }>(base, admin, 'admin.musicSets.create', {
    title: 'Bench Marathon',
    artist: 'DJ Bench',
    recordedOn: '2026-06-01',
    description: `A ${lengthLabel} closing set, generated for the listening benchmark.`,
    visibility: 'members',
  });
  const uploading = performance.now();
  const bytes = await readFile(file);
  await tusUpload(base, admin, bytes, {
    kind: 'audio',
    setId,
    filename: 'bench-marathon.mp3',
    filetype: 'audio/mpeg',
  });
  await rm(file);
  console.log(`  uploaded through tus in ${((performance.now() - uploading) / 1000).toFixed(0)} s`);

  const processing = performance.now();
  const track = await waitUntil(
    async () => {
      const detail = await trpcQuery<{ tracks: AdminTrack[] }>(base, admin, 'admin.musicSets.byId', {
        id: setId,
      });
      const first = detail.tracks[0];
      if (first?.status === 'failed') throw new Error(`processing failed: ${first.failureReason}`);
      return first?.status === 'ready' ? first : undefined;
    },
    'the uploaded set to be processed',
    Math.max(300_000, hours * 600_000),
  );
  console.log(`  processed in ${((performance.now() - processing) / 1000).toFixed(0)} s`);

  const tracklist = Array.from({ length: CUES }, (_, i) => {
    const n = String(i + 1).padStart(2, '0');
    return `${clock((i * setSeconds) / CUES)} Artist ${n} - Track ${n}`;
  }).join('\n');
  const saved = await trpcMutation<{ saved: boolean }>(base, admin, 'admin.tracks.setTracklist', {
    trackId: track.id,
    text: tracklist,
  });
  if (!saved.saved) throw new Error(`the tracklist was not saved: ${JSON.stringify(saved)}`);
  return { setId, fileBytes };
}

async function main(): Promise<void> {
  if (!existsSync(join(root, 'apps/member/dist/index.html')))
    throw new Error(
      'the member app is not built: run `pnpm build` first (the server serves apps/member/dist)',
    );
  const { work, dataDir, serverTmp } = await benchWorkDir('set-page-bench-');

  let emulator: RunningS3Emulator | undefined;
  let server: ServerProcess | undefined;
  let bare: HttpServer | undefined;
  let browser: Browser | undefined;
  const cleanup = async () => {
    await browser?.close().catch((error) => console.error('closing the browser:', error));
    if (bare) {
      bare.closeAllConnections();
      bare.close();
    }
    await server?.stop().catch((error) => console.error('stopping the server:', error));
    await emulator?.stop().catch((error) => console.error('stopping the emulator:', error));
    await rm(work, { recursive: true, force: true });
  };

  await withCleanup(cleanup, async () => {
    const load = loadavg()[0]?.toFixed(2);
    console.log(`set page: a ${lengthLabel} set, ${runs} run(s), ${cpus().length} cores, load ${load}`);
    const port = await freePort();
    const bares = await startBarePages();
    bare = bares.server;
    // The browser reads peaks and audio straight from the bucket: allow the app's and the bare pages' origins.
    emulator = await startS3Emulator({
      directory: join(work, 's3'),
      bucket: BUCKET,
      corsOrigins: [`http://localhost:${port}`, `http://127.0.0.1:${port}`, bares.origin],
    });
    server = await startServerProcess({
      inherit: inheritedEnv,
      dataDir,
      port,
      s3: emulator.config,
      env: {
        DEMO_PASSWORD,
        // The worker in the same process: it processes the uploaded set.
        ROLE: 'all',
        DELIVERY_MODE: 'presigned',
        // tus parts and ffmpeg's scratch files land in os.tmpdir(): keep them where this run cleans up.
        TMPDIR: serverTmp,
      },
    });
    const base = server.url;
    console.log(`  server pid ${server.pid} ready at ${base}`);
    const { setId, fileBytes } = await seedSet(base, work);

    const member = await signInApi(base, 'member@demo.local', DEMO_PASSWORD);
    const cookies = cookiesOf(member, base);
    /** Fresh presigned URLs for each run, as the page gets them (15-minute TTL). */
    const memberUrls = async () => {
      const detail = await trpcQuery<{ tracks: MemberTrack[] }>(base, member, 'musicSets.byId', {
        id: setId,
      });
      const track = detail.tracks[0];
      if (!track?.peaksUrl) throw new Error(`the member sees no track with peaks: ${JSON.stringify(detail)}`);
      if (track.cues.length !== CUES)
        throw new Error(`the member sees ${track.cues.length} cues, not ${CUES}`);
      const stream = await trpcMutation<{ url: string; tier: string }>(base, member, 'tracks.streamUrl', {
        trackId: track.id,
        tier: 'medium',
      });
      if (stream.tier !== 'medium') throw new Error(`streamUrl gave the ${stream.tier} tier, not medium`);
      return {
        peaks: track.peaksUrl,
        stream: stream.url,
        duration: track.durationSeconds,
        tiers: track.tiers,
      };
    };
    const first = await memberUrls();
    console.log(
      `  set ${setId}: ${first.duration.toFixed(1)} s, tiers ${first.tiers.join(', ')}, ${CUES} cues`,
    );

    browser = await launchChromium();
    const activeBrowser = browser;
    const appRuns: AppRun[] = [];
    const bareRuns: BareRun[] = [];
    // Run 0 warms the server, the emulator and Chromium's own start-up paths; it is not counted.
    for (let index = 0; index <= runs; index++) {
      const counted = index > 0;
      const steps: Array<() => Promise<void>> = [
        async () => {
          const result = await measureApp(activeBrowser, base, cookies, setId);
          if (counted) appRuns.push(result);
          console.log(
            `  ${counted ? `run ${index}` : 'warm-up'} app:  waveform ${result.waveformMs.toFixed(0)} ms ` +
              `(${result.waveformPixels} px drawn, peaks ${(result.peaksBytes / 1e6).toFixed(2)} MB, ` +
              `audio before play ${result.audioBytesBeforePlay} B); first audio ${result.audioMs.toFixed(0)} ms ` +
              `after the click ('playing' at ${result.playingMs.toFixed(0)} ms)`,
          );
          const at = (value: number | null) => (value === null ? '?' : value.toFixed(0));
          const { phases, playPhases } = result;
          console.log(
            `      script ${at(phases.scriptLoaded)}, set ${at(phases.setRequested)}-${at(phases.setLoaded)}, peaks ` +
              `${at(phases.peaksRequested)}-${at(phases.peaksLoaded)}, drawn ${result.waveformMs.toFixed(0)} ms; ` +
              `after the click: streamUrl ${at(playPhases.streamUrlAnswered)}, audio requested ` +
              `${at(playPhases.audioRequested)}, playing ${result.audioMs.toFixed(0)} ms`,
          );
        },
        async () => {
          const urls = await memberUrls();
          const result = await measureBare(activeBrowser, bares.origin, urls);
          if (counted) bareRuns.push(result);
          console.log(
            `  ${counted ? `run ${index}` : 'warm-up'} bare: peaks fetched and parsed ${result.peaksMs.toFixed(0)} ms ` +
              `(${(result.peaksBytes / 1e6).toFixed(2)} MB, ${result.peakValues} values); first audio ` +
              `${result.audioMs.toFixed(0)} ms after the click ('playing' at ${result.playingMs.toFixed(0)} ms)`,
          );
        },
      ];
      // Alternate the order so that a drift in the machine's load does not always favour one side.
      for (const step of index % 2 ? [...steps].reverse() : steps) await step();
    }

    const waveform = median(appRuns.map((r) => r.waveformMs));
    const peaksFloor = median(bareRuns.map((r) => r.peaksMs));
    const audio = median(appRuns.map((r) => r.audioMs));
    const audioFloor = median(bareRuns.map((r) => r.audioMs));
    const peaksBytes = median(bareRuns.map((r) => r.peaksBytes));
    const audioBytesBeforePlay = Math.max(...appRuns.map((r) => r.audioBytesBeforePlay));
    const machine = `${cpus().length} cores, load ${load} at start`;
    /** Median of the runs that saw the phase, rounded; null where none did. */
    const phaseMedian = (values: (number | null)[]) => {
      const seen = values.filter((v): v is number => v !== null);
      return seen.length > 0 ? round(median(seen), 1) : null;
    };
    const waveformResult = {
      name: 'set-page-waveform',
      metric: `open a ${lengthLabel} set page to waveform drawn`,
      unit: 'ms',
      value: round(waveform, 1),
      baseline: round(peaksFloor, 1),
      ratio: round(waveform / peaksFloor, 3),
      better: 'lower' as const,
      runs,
      notes:
        `median of ${runs} cold run(s) (fresh context, cache disabled, after one uncounted warm-up) in headless ` +
        `Chromium ${activeBrowser.version()}, ${VIEWPORT.width}x${VIEWPORT.height}, as a signed-in member: from the ` +
        `navigation to /music/<set> (SPA, session, musicSets.byId, presigned peaks.json from the local S3 ` +
        `emulator, wavesurfer) to more than ${DRAWN_PIXELS} drawn pixels in the waveform canvas, timed in the ` +
        `page; baseline: a bare page (served by the bench process, no framework) that fetches and parses the same presigned ` +
        `peaks.json, from its navigation; set: ${(setSeconds / 3600).toFixed(2)} h stereo MP3 192 kbps CBR, ` +
        `${CUES} tracklist entries; ${machine}`,
      peaksBytes,
      audioBytesBeforePlay,
      phasesMs: {
        scriptLoaded: phaseMedian(appRuns.map((r) => r.phases.scriptLoaded)),
        setRequested: phaseMedian(appRuns.map((r) => r.phases.setRequested)),
        setLoaded: phaseMedian(appRuns.map((r) => r.phases.setLoaded)),
        peaksRequested: phaseMedian(appRuns.map((r) => r.phases.peaksRequested)),
        peaksLoaded: phaseMedian(appRuns.map((r) => r.phases.peaksLoaded)),
        drawn: round(waveform, 1),
      },
      setSeconds: round(first.duration, 2),
      fileBytes,
      samples: {
        value: appRuns.map((r) => round(r.waveformMs, 1)),
        baseline: bareRuns.map((r) => round(r.peaksMs, 1)),
      },
    };
    const audioResult = {
      name: 'set-page-first-audio',
      metric: `click play to first audio frame on a ${lengthLabel} set page`,
      unit: 'ms',
      value: round(audio, 1),
      baseline: round(audioFloor, 1),
      ratio: round(audio / audioFloor, 3),
      better: 'lower' as const,
      runs,
      notes:
        `median of ${runs} cold run(s), the same pages as set-page-waveform: from the click on Play (once the ` +
        `waveform is drawn) to the player's <audio> playing with currentTime > 0 (tracks.streamUrl, then the ` +
        `presigned medium-tier MP3 straight from the local S3 emulator), timed in the page; baseline: a bare ` +
        `<audio> element given the same presigned URL on a click; ${machine}`,
      playingMs: {
        value: round(median(appRuns.map((r) => r.playingMs)), 1),
        baseline: round(median(bareRuns.map((r) => r.playingMs)), 1),
      },
      audioBytesBeforePlay,
      samples: {
        value: appRuns.map((r) => round(r.audioMs, 1)),
        baseline: bareRuns.map((r) => round(r.audioMs, 1)),
      },
    };
    await reportResults([waveformResult, audioResult]);
    if (audioBytesBeforePlay > 0)
      console.log(`\nthe set page fetched ${audioBytesBeforePlay} bytes of audio before Play`);
  });
}

await main();
