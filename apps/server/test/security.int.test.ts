/*
 * The Security promises of the README over real HTTP: headers on every kind of answer (SPA pages,
 * API, tus, `/media`), the CSP's media origins per delivery mode, HSTS only in production,
 * `/media` private and cookie-free, and form posts to the account endpoints refused.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { findUserByEmail } from '@party/db';
import { signMediaToken } from '@party/storage';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, PUBLIC_URL, useTestApp } from './test-app';

const spaDir = await mkdtemp(path.join(tmpdir(), 'party-security-'));
afterAll(() => rm(spaDir, { recursive: true, force: true }));
const presigned = await useTestApp({ spaDir });
const presignedBase = await presigned.listen();
const production = await useTestApp({ production: true, delivery: { mode: 'proxy' } });
const productionBase = await production.listen();
const s3Origin = new URL(presigned.s3.config.endpoint).origin;

/** The CSP as directive → sources. */
function parseCsp(header: string | null): Map<string, string[]> {
  const directives = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) directives.set(name, sources);
  }
  return directives;
}

describe('security headers', () => {
  // One row per kind of answer: static SPA page, SPA asset, tRPC, better-auth, tus (hijacked), health.
  const answers: Array<{ name: string; method: string; path: string; headers?: Record<string, string> }> = [
    { name: 'a member SPA page', method: 'GET', path: '/events/some-night' },
    { name: 'an admin SPA page', method: 'GET', path: '/admin/events' },
    { name: 'a built asset', method: 'GET', path: '/assets/app-1234.js' },
    { name: 'a tRPC call', method: 'GET', path: '/trpc/events.list' },
    { name: 'an auth call', method: 'GET', path: '/api/auth/get-session' },
    { name: 'a tus OPTIONS (answered by @tus/server itself)', method: 'OPTIONS', path: '/files' },
    { name: 'a tus refusal', method: 'POST', path: '/files', headers: { 'tus-resumable': '1.0.0' } },
    { name: 'a 404', method: 'GET', path: '/api/nothing' },
  ];

  it.each(answers)('$name carries CSP, no-referrer, nosniff and DENY framing', async (row) => {
    const response = await fetch(`${presignedBase}${row.path}`, { method: row.method, headers: row.headers });
    const csp = parseCsp(response.headers.get('content-security-policy'));
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    // Plain http outside production: no HSTS.
    expect(response.headers.get('strict-transport-security')).toBeNull();
  });

  it('lets the SPAs load only their own scripts, and presigned media from the S3 origin', async () => {
    const page = await fetch(`${presignedBase}/`);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = parseCsp(page.headers.get('content-security-policy'));
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('script-src-attr')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'blob:', s3Origin]);
    expect(csp.get('media-src')).toEqual(["'self'", s3Origin]);
    expect(csp.get('connect-src')).toEqual(["'self'", s3Origin]);
    expect(csp.has('upgrade-insecure-requests')).toBe(false);
  });

  it('in production with proxy delivery: HSTS, no S3 origin, insecure requests upgraded', async () => {
    const response = await fetch(`${productionBase}/healthz`);
    expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    const csp = parseCsp(response.headers.get('content-security-policy'));
    expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
    expect(csp.get('media-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.has('upgrade-insecure-requests')).toBe(true);
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });
});

describe('/media', () => {
  it('answers private and never sets a cookie, whether it streams, revalidates or refuses', async () => {
    const { s3, delivery } = production;
    const cookie = await production.signIn('admin@demo.local');
    const admin = await findUserByEmail(production.db, 'admin@demo.local');
    if (!admin) throw new Error('demo admin missing');
    const key = 'derived/images/security/thumb.webp';
    await s3.client.send(
      new PutObjectCommand({
        Bucket: s3.bucket,
        Key: key,
        Body: Buffer.from('webp bytes'),
        ContentType: 'image/webp',
      }),
    );
    const token = signMediaToken(delivery.tokenKey, {
      key,
      viewerId: admin.id,
      expiresAt: Math.floor(Date.now() / 1000) + 600,
    });
    const url = `${productionBase}/media/${token}`;

    const full = await fetch(url, { headers: { cookie } });
    expect(full.status).toBe(200);
    expect(await full.text()).toBe('webp bytes');
    const etag = full.headers.get('etag') ?? '';
    const answers = [
      full,
      await fetch(url, { headers: { cookie, range: 'bytes=0-3' } }),
      await fetch(url, { headers: { cookie, 'if-none-match': etag } }),
      await fetch(url, { method: 'HEAD', headers: { cookie } }),
      await fetch(url),
      await fetch(`${productionBase}/media/forged.${'A'.repeat(43)}`, { headers: { cookie } }),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([200, 206, 304, 200, 401, 404]);
    for (const answer of answers) {
      expect(answer.headers.get('cache-control'), String(answer.status)).toMatch(/^private(,|$)/);
      expect(answer.headers.get('set-cookie'), String(answer.status)).toBeNull();
      expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });
});

describe('account endpoints refuse form posts (login CSRF)', () => {
  const credentials = { email: 'admin@demo.local', password: DEMO_PASSWORD };
  const form = new URLSearchParams(credentials);
  const multipart = new FormData();
  multipart.set('email', credentials.email);
  multipart.set('password', credentials.password);

  it.each([
    { name: 'a urlencoded form', body: form.toString(), type: 'application/x-www-form-urlencoded' },
    { name: 'a multipart form', body: multipart, type: undefined },
    { name: 'a text/plain form carrying JSON', body: JSON.stringify(credentials), type: 'text/plain' },
  ])('a cross-site sign-in as $name is 415 with a sentence, and signs nobody in', async ({ body, type }) => {
    const response = await fetch(`${presignedBase}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', ...(type ? { 'content-type': type } : {}) },
      body,
    });
    expect(response.status).toBe(415);
    expect(await response.text()).toBe(
      'Account requests must be sent as JSON (Content-Type: application/json): form posts are refused, so no other site can submit them for you.',
    );
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('the same request as JSON from the app itself signs in', async () => {
    const response = await fetch(`${presignedBase}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { origin: PUBLIC_URL, 'content-type': 'application/json' },
      body: JSON.stringify(credentials),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toMatch(/better-auth\.session_token=/);
  });
});
