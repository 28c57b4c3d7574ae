import { createHmac, randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signInAsAdmin } from './admin-helpers';
import { hasChromium, launchBrowser, screenshot } from './browser';
import './provided-context';

const baseUrl = inject('baseUrl');
const demoPassword = inject('demoPassword');
const secret = inject('webhookSecret');

/** A delivery signed as Standard Webhooks specifies (README, Webhooks); `tamper` breaks the signature. */
async function deliver(message: unknown, tamper = false) {
  const id = `msg_${randomUUID()}`;
  const timestamp = Math.floor(Date.now() / 1000);
  const body = JSON.stringify(message);
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signature = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64');
  const response = await fetch(`${baseUrl}/hooks/ticketing`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': `v1,${signature}`,
    },
    body: tamper ? body.replace('Dock', 'Hack') : body,
  });
  return response.status;
}

describe.skipIf(!hasChromium)(
  'ticketing integration in the browser (skipped only when /usr/bin/chromium is missing)',
  () => {
    let browser: Browser;
    beforeAll(async () => {
      browser = await launchBrowser();
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('shows a synced event with its badge and read-only fields, and the integration status', async () => {
      const event = {
        type: 'event.upserted',
        data: {
          id: `evt-${randomUUID()}`,
          title: 'Dock Night',
          date: '2026-12-12',
          venue: 'Dock 4',
          slug: 'dock-night',
          updatedAt: new Date().toISOString(),
        },
      };
      expect(await deliver(event)).toBe(202);
      expect(await deliver(event, true)).toBe(401);

      const page = await (await browser.newContext()).newPage();
      await signInAsAdmin(page, baseUrl, demoPassword);
      await page.getByRole('link', { name: 'Integration' }).click();
      await page.getByRole('heading', { name: 'Integration', level: 1 }).waitFor();
      await page.getByText('bad signature').waitFor();
      expect(await page.getByTestId('rejected-count').textContent()).toBe('1');
      // No pull API in this run: the button says why it cannot be used.
      expect(await page.getByRole('button', { name: 'Sync now' }).isDisabled()).toBe(true);
      await page.getByText(/Set TICKETING_API_URL and TICKETING_API_TOKEN/).waitFor();
      await screenshot(page, 'admin-integration');

      await page.getByRole('link', { name: 'Events' }).first().click();
      // The worker applies the delivery within a few seconds; the list shows it on a reload.
      await expect
        .poll(
          async () => {
            await page.reload();
            return page.getByRole('link', { name: 'Dock Night' }).count();
          },
          { timeout: 30_000, interval: 1_000 },
        )
        .toBe(1);
      const row = page.getByRole('row').filter({ hasText: 'Dock Night' });
      expect(await row.getByText('ticketing', { exact: true }).count()).toBe(1);
      await row.getByRole('link', { name: 'Dock Night' }).click();
      await page.getByText(/This event comes from the ticketing backend/).waitFor();
      expect(await page.getByLabel('Title').getAttribute('readonly')).not.toBeNull();
      await screenshot(page, 'admin-synced-event');
    });
  },
);
