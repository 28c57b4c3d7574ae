/**
 * Seeding over the server's own HTTP API (sign-in, tRPC, tus), for browser tests that need
 * content the admin UI would otherwise create, plus small page helpers for the member app.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { decodeTrpcAnswer, trpcInput } from '@party/testing/trpc-wire';
import type { Page } from 'playwright-core';

const run = promisify(execFile);

/**
 * The object key a media URL points at: the path of a presigned S3 URL (after the bucket), or the
 * key inside a `/media/<token>` proxy token (DELIVERY_MODE=proxy). So the test runs in both modes.
 */
export function objectKeyOf(url: string): string {
  const { pathname } = new URL(url, 'http://localhost');
  const token = /^\/media\/([\w-]+)\.[\w-]+$/.exec(pathname);
  if (token?.[1]) return (JSON.parse(Buffer.from(token[1], 'base64url').toString('utf8')) as { k: string }).k;
  return decodeURIComponent(pathname.split('/').slice(2).join('/'));
}

/** Signs in through better-auth's endpoint and returns the session cookie header. */
export async function signInApi(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok)
    throw new Error(`sign-in as ${email} failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  if (!cookie) throw new Error(`sign-in as ${email} set no cookie`);
  return cookie;
}

async function trpcResult<T>(response: Response, path: string): Promise<T> {
  const body = decodeTrpcAnswer<T>(await response.json());
  if (!response.ok || !body.result) {
    throw new Error(`${path} failed: ${response.status} ${body.error?.message ?? JSON.stringify(body)}`);
  }
  return body.result.data;
}

/** A tRPC mutation over plain HTTP (no batching; input and answer in the server's superjson encoding). */
export async function trpcMutation<T>(baseUrl: string, cookie: string, path: string, input: unknown) {
  const response = await fetch(`${baseUrl}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, origin: baseUrl },
    body: JSON.stringify(trpcInput(input)),
  });
  return trpcResult<T>(response, path);
}

export async function trpcQuery<T>(baseUrl: string, cookie: string, path: string, input: unknown) {
  const url = `${baseUrl}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(trpcInput(input)))}`;
  return trpcResult<T>(await fetch(url, { headers: { cookie, origin: baseUrl } }), path);
}

/**
 * A stereo 44.1 kHz / 16-bit FLAC: a low tone under pink noise (so it compresses like music, not
 * like a test tone), with a loud 20-second burst every five minutes that the waveform shows.
 */
export async function writeTestFlac(file: string, seconds: number) {
  await run('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `sine=f=110:d=${seconds}:sample_rate=44100`,
    '-f',
    'lavfi',
    '-i',
    `anoisesrc=d=${seconds}:c=pink:r=44100:a=0.08`,
    '-filter_complex',
    "[0][1]amix=inputs=2:normalize=0,volume='if(lt(mod(t\\,300)\\,20)\\,1\\,0.3)':eval=frame",
    '-ac',
    '2',
    '-sample_fmt',
    's16',
    '-compression_level',
    '0',
    '-metadata',
    'title=Sunrise Session',
    file,
  ]);
}

/** Uploads a whole file through tus (`/files`): one creation, one PATCH. */
export async function tusUpload(
  baseUrl: string,
  cookie: string,
  bytes: Uint8Array<ArrayBuffer>,
  metadata: Record<string, string>,
) {
  const header = Object.entries(metadata)
    .map(([key, value]) => `${key} ${Buffer.from(value).toString('base64')}`)
    .join(',');
  const created = await fetch(`${baseUrl}/files`, {
    method: 'POST',
    headers: {
      cookie,
      origin: baseUrl,
      'tus-resumable': '1.0.0',
      'upload-length': String(bytes.length),
      'upload-metadata': header,
    },
  });
  if (created.status !== 201) throw new Error(`tus create failed: ${created.status} ${await created.text()}`);
  const location = created.headers.get('location') ?? '';
  const patched = await fetch(new URL(location, baseUrl), {
    method: 'PATCH',
    headers: {
      cookie,
      origin: baseUrl,
      'tus-resumable': '1.0.0',
      'upload-offset': '0',
      'content-type': 'application/offset+octet-stream',
    },
    body: bytes,
  });
  if (patched.status !== 204) throw new Error(`tus patch failed: ${patched.status} ${await patched.text()}`);
}

/** Polls until `check` returns a value (not undefined), or fails with `what` after `timeoutMs`. */
export async function waitUntil<T>(check: () => Promise<T | undefined>, what: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Signs in on the member app's login page. */
export async function signInPage(page: Page, email: string, password: string) {
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The player's `<audio>` element as the page sees it. */
export function audioState(page: Page) {
  return page.evaluate(() => {
    const audio = document.getElementById('party-player-audio') as HTMLAudioElement | null;
    return {
      exists: audio !== null,
      src: audio?.currentSrc ?? '',
      currentTime: audio?.currentTime ?? 0,
      duration: audio?.duration ?? 0,
      paused: audio?.paused ?? true,
      readyState: audio?.readyState ?? 0,
    };
  });
}

/** Waits until the player's audio satisfies `predicate` (polled in the page). */
export async function waitForAudio(
  page: Page,
  predicate: (audio: Awaited<ReturnType<typeof audioState>>) => boolean,
  what: string,
  timeoutMs = 20_000,
) {
  const deadline = Date.now() + timeoutMs;
  let last = await audioState(page);
  while (Date.now() < deadline) {
    if (predicate(last)) return last;
    await page.waitForTimeout(100);
    last = await audioState(page);
  }
  throw new Error(`timed out waiting for the audio to be ${what}; last: ${JSON.stringify(last)}`);
}

/** How many canvas pixels of the waveform (inside wavesurfer's shadow root) are drawn. */
export function drawnWaveformPixels(page: Page) {
  return page.evaluate(() => {
    const host = document.querySelector('.waveform__canvas > div');
    const canvases = [...(host?.shadowRoot?.querySelectorAll('canvas') ?? [])];
    let drawn = 0;
    for (const canvas of canvases) {
      if (canvas.width === 0 || canvas.height === 0) continue;
      const data = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
      if (!data) continue;
      for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 0) drawn += 1;
    }
    return { canvases: canvases.length, drawn };
  });
}

/** Widths of wavesurfer's scroll container: wider content than box means zoomed in. */
export function waveformScroll(page: Page) {
  return page.evaluate(() => {
    const host = document.querySelector('.waveform__canvas > div');
    const scroll = host?.shadowRoot?.querySelector('[part="scroll"]');
    return { scrollWidth: scroll?.scrollWidth ?? 0, clientWidth: scroll?.clientWidth ?? 0 };
  });
}
