import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterEach, expect } from 'vitest';
import { CHROMIUM, launchChromium } from './chromium';

export const hasChromium = existsSync(CHROMIUM);
const screenshots = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));

/** What Chromium reported as blocked by the Content-Security-Policy since the last test. */
const cspViolations: string[] = [];
// A CSP that blocks something the SPAs need may only show as a missing image or a silent player:
// every browser test also proves the policy blocked nothing.
afterEach(() => {
  const seen = cspViolations.splice(0);
  expect(seen, 'Content-Security-Policy violations').toEqual([]);
});

/**
 * Debian's Chromium, headless, with the flags this sandbox needs (no network beyond loopback).
 * Every context it opens records Content-Security-Policy violations (checked after each test).
 */
export async function launchBrowser(): Promise<Browser> {
  const browser = await launchChromium();
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args) => {
    const context = await newContext(...args);
    context.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    return context;
  };
  return browser;
}

export async function screenshot(page: Page, name: string) {
  mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
}
