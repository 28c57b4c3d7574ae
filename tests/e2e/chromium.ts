import { type Browser, chromium } from 'playwright-core';

/*
 * Debian's Chromium, launched the way this sandbox needs it. Free of Vitest, so the benchmarks can
 * use it too; the tests use `launchBrowser` (browser.ts), which adds the CSP check.
 */
export const CHROMIUM = '/usr/bin/chromium';

/** Headless, with the flags this sandbox needs (no network beyond loopback). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
