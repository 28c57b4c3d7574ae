import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';

const run = promisify(execFile);

/** ffmpeg makes the test audio; without it the music tests are skipped, like Chromium's. */
export const hasFfmpeg = (() => {
  try {
    execFileSync('ffmpeg', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Opens the admin app and signs in as the demo admin. */
export async function signInAsAdmin(page: Page, baseUrl: string, password: string) {
  await page.goto(`${baseUrl}/admin/`);
  await page.getByLabel('E-mail').fill('admin@demo.local');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
}

/**
 * A stereo 44.1 kHz / 16-bit FLAC with title and artist tags: a 220 Hz tone under independent
 * white noise per channel, so FLAC cannot shrink it much (about 150 KB per second) and an upload
 * of it takes a moment on a throttled connection.
 */
export async function generateFlac(
  file: string,
  { seconds, title, artist }: { seconds: number; title: string; artist: string },
) {
  const noise = (seed: number) =>
    `anoisesrc=color=white:amplitude=0.25:seed=${seed}:sample_rate=44100:duration=${seconds}`;
  await run('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...['-f', 'lavfi', '-i', noise(1)],
    ...['-f', 'lavfi', '-i', noise(2)],
    ...['-f', 'lavfi', '-i', `sine=frequency=220:sample_rate=44100:duration=${seconds}`],
    '-filter_complex',
    '[0][2]amix=inputs=2[l];[1][2]amix=inputs=2[r];[l][r]join=inputs=2:channel_layout=stereo',
    ...['-metadata', `title=${title}`, '-metadata', `artist=${artist}`],
    ...['-c:a', 'flac', '-sample_fmt', 's16', file],
  ]);
}

/** A short tagged MP3 (CBR 192 kbps), quick to upload and process. */
export async function generateMp3(file: string, { seconds, title }: { seconds: number; title: string }) {
  await run('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=44100:duration=${seconds}`],
    ...['-ac', '2', '-metadata', `title=${title}`, '-c:a', 'libmp3lame', '-b:a', '192k', file],
  ]);
}

/**
 * Throttles what the page sends (DevTools network emulation), so an upload is still running when
 * the test reloads. Returns a function that lifts the limit. The emulation belongs to the page's
 * target and stays in force across reloads.
 */
export async function throttleUploads(page: Page, bytesPerSecond: number): Promise<() => Promise<void>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 20,
    downloadThroughput: -1,
    uploadThroughput: bytesPerSecond,
  });
  return async () => {
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await cdp.detach();
  };
}

/** The overall progress (0..100) Uppy's status bar shows, or null while it shows none. */
export function uppyProgress(page: Page): Promise<number | null> {
  return page.evaluate(() => {
    const value = document.querySelector('.uppy-StatusBar-progress')?.getAttribute('aria-valuenow');
    return value == null ? null : Number(value);
  });
}

/**
 * Waits until a reload would find something to resume: Golden Retriever has written its snapshot
 * (throttled, to IndexedDB) with an unfinished file that already has a tus upload URL and has sent
 * at least `minBytesSent`, and the bytes of every unfinished file are in its blob store. Returns
 * the upload URL (path) of such a file with the most still to send. A fixed pause before the reload is not enough on a busy machine:
 * reloading before these writes land makes the upload start over.
 */
export async function waitForResumableUploadState(
  page: Page,
  { minBytesSent = 1, timeoutMs = 60_000 }: { minBytesSent?: number; timeoutMs?: number } = {},
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const uploadUrl = await page.evaluate(async (minBytes) => {
      const db = await new Promise<IDBDatabase | null>((resolve) => {
        const request = indexedDB.open('uppy-blobs');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => resolve(null);
      });
      if (!db?.objectStoreNames.contains('metadata')) {
        db?.close();
        return null;
      }
      const readAll = (store: string) =>
        new Promise<Array<Record<string, unknown>>>((resolve) => {
          const request = db.transaction(store).objectStore(store).getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => resolve([]);
        });
      const [snapshots, blobs] = [await readAll('metadata'), await readAll('files')];
      db.close();
      type SavedFile = {
        id: string;
        tus?: { uploadUrl?: string };
        progress: { uploadComplete?: boolean; bytesUploaded?: number; bytesTotal?: number };
      };
      const remaining = (file: SavedFile) =>
        (file.progress.bytesTotal ?? 0) - (file.progress.bytesUploaded ?? 0);
      const unfinished = snapshots.flatMap((snapshot) =>
        Object.values(
          (JSON.parse(String(snapshot.metadata)) as { files: Record<string, SavedFile> }).files,
        ).filter((file) => !file.progress.uploadComplete),
      );
      const stored = new Set(blobs.map((blob) => blob.fileID));
      if (!unfinished.every((file) => stored.has(file.id))) return null;
      // The one with the most still to send: the last to finish, the one a reload interrupts.
      const [resumable] = unfinished
        .filter((file) => file.tus?.uploadUrl && (file.progress.bytesUploaded ?? 0) >= minBytes)
        .sort((a, b) => remaining(b) - remaining(a));
      return resumable?.tus?.uploadUrl ?? null;
    }, minBytesSent);
    if (uploadUrl) return uploadUrl;
    if (Date.now() > deadline) throw new Error('the page never stored a resumable upload state');
    await page.waitForTimeout(200);
  }
}
