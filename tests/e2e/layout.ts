import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** Whether the page is wider than the window (something sticks out and the page scrolls sideways). */
export function overflow(page: Page) {
  return page.evaluate(() => {
    const scroller = document.scrollingElement ?? document.documentElement;
    const wide = [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
      .filter((el) => !el.closest('.nav, .toolbar__actions, .table-scroll'))
      .slice(0, 8)
      .map(
        (el) =>
          `${el.tagName.toLowerCase()}.${String(el.className).replace(/ /g, '.')} "${(el.textContent ?? '').slice(0, 30)}" →${Math.round(el.getBoundingClientRect().right)}`,
      );
    return { scrollWidth: scroller.scrollWidth, innerWidth: window.innerWidth, wide };
  });
}

/**
 * Opens `url` and checks it fits a phone: nothing wider than the screen, and the top bar (shared
 * by both apps) at most two short rows, as issue 16 asked instead of ~155 px in three.
 */
export async function expectFitsPhone(page: Page, url: string, what: string) {
  await page.goto(url);
  await page.locator('h1').first().waitFor();
  await page.waitForLoadState('networkidle');
  const measured = await overflow(page);
  expect(
    measured.scrollWidth,
    `${what} is wider than the screen: ${measured.wide.join(', ')}`,
  ).toBeLessThanOrEqual(measured.innerWidth);
  const header = await page.locator('.topbar').boundingBox();
  expect(header?.height ?? 0, `top bar on ${what}`).toBeLessThanOrEqual(100);
}
