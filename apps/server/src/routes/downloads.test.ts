import { describe, expect, it } from 'vitest';
import { postedFromThisSite } from './downloads';

const HOST = 'media.example.org';

describe('postedFromThisSite (the selection ZIP form post)', () => {
  it.each([
    // Our own page: Referrer-Policy no-referrer makes Chromium send Origin: null with the form.
    [{ origin: 'null', 'sec-fetch-site': 'same-origin' }, true],
    [{ origin: `https://${HOST}`, 'sec-fetch-site': 'same-origin' }, true],
    [{ origin: 'null', 'sec-fetch-site': 'cross-site' }, false],
    [{ origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' }, false],
    [{ 'sec-fetch-site': 'same-site' }, false],
    [{ 'sec-fetch-site': 'none' }, false],
    // Browsers without Fetch metadata: the Origin decides, and null is not this site.
    [{ origin: `https://${HOST}` }, true],
    [{ origin: 'https://evil.example' }, false],
    [{ origin: 'null' }, false],
    // Not a browser: the session cookie alone decides.
    [{}, true],
  ])('%o → %s', (headers, expected) => {
    expect(postedFromThisSite(headers, HOST)).toBe(expected);
  });
});
