import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { decodeTrpcAnswer, trpcInput } from '@party/testing/trpc-wire';
import { afterAll, describe, expect, it } from 'vitest';
import { CLIENT_IP_HEADER } from '../src/routes/auth';
import { DEMO_PASSWORD, PUBLIC_URL, useTestApp } from './test-app';

const spaDir = await mkdtemp(path.join(tmpdir(), 'party-app-'));
const { app, s3 } = await useTestApp({ spaDir, signInRateLimit: 3 });
const PASSWORD = DEMO_PASSWORD;
afterAll(() => rm(spaDir, { recursive: true, force: true }));

function signIn(email: string, password: string, origin = PUBLIC_URL) {
  return app.inject({
    method: 'POST',
    url: '/api/auth/sign-in/email',
    headers: { 'content-type': 'application/json', origin },
    payload: { email, password },
  });
}

function sessionCookie(setCookie: string | string[] | undefined): string {
  const first = (Array.isArray(setCookie) ? setCookie : [setCookie ?? ''])[0] ?? '';
  return first.split(';')[0] ?? '';
}

describe('health', () => {
  it('answers /healthz and /readyz with the checks, and echoes a request id', async () => {
    const health = await app.inject('/healthz');
    expect(health.json()).toEqual({ ok: true });
    expect(health.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const traced = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'upstream-42' } });
    expect(traced.headers['x-request-id']).toBe('upstream-42');

    const ready = await app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ ok: true, checks: { database: { ok: true }, storage: { ok: true } } });
  });
});

describe('auth over HTTP', () => {
  it('signs in with a cookie that tRPC accepts, from localhost and 127.0.0.1 origins', async () => {
    const response = await signIn('admin@demo.local', PASSWORD);
    expect(response.statusCode).toBe(200);
    const cookie = sessionCookie(response.headers['set-cookie']);
    expect(response.headers['set-cookie']).toEqual([expect.stringMatching(/HttpOnly; SameSite=Lax/)]);

    const me = await app.inject({ url: '/trpc/account.me', headers: { cookie } });
    expect(decodeTrpcAnswer(me.json())).toMatchObject({
      result: { data: { email: 'admin@demo.local', role: 'admin' } },
    });

    const viaIp = await signIn('member@demo.local', PASSWORD, 'http://127.0.0.1:3000');
    expect(viaIp.statusCode).toBe(200);

    // A cookie-carrying request from a foreign origin (cross-site request forgery) is refused.
    const forged = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-out',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example', cookie },
      payload: {},
    });
    expect(forged.statusCode).toBe(403);
    const stillIn = await app.inject({ url: '/trpc/account.me', headers: { cookie } });
    expect(decodeTrpcAnswer(stillIn.json())).toMatchObject({
      result: { data: { email: 'admin@demo.local' } },
    });
  });

  it('batches tRPC calls and answers malformed input with 400 and a message', async () => {
    const input = encodeURIComponent(
      JSON.stringify({ 0: trpcInput(undefined), 1: trpcInput({ token: 'short' }) }),
    );
    const batch = await app.inject(`/trpc/account.me,invites.check?batch=1&input=${input}`);
    const body: unknown = batch.json();
    if (!Array.isArray(body)) throw new Error(`not a batch answer: ${batch.body}`);
    expect(decodeTrpcAnswer(body[0])).toEqual({ result: { data: null } });
    const refused = decodeTrpcAnswer(body[1]).error?.data;
    expect(refused).toMatchObject({ code: 'BAD_REQUEST', httpStatus: 400 });
    expect(refused?.fieldErrors?.token).toEqual(['This invite link is incomplete.']);

    const garbage = await app.inject({
      method: 'POST',
      url: '/trpc/admin.invites.create',
      headers: { 'content-type': 'application/json' },
      payload: '{not json',
    });
    expect(garbage.statusCode).toBeGreaterThanOrEqual(400);
    expect(garbage.statusCode).toBeLessThan(500);
  });

  it('answers a batch whose path names many procedures (a page of an admin app), not 414', async () => {
    const names = Array(12).fill('account.me');
    const input = encodeURIComponent(
      JSON.stringify(Object.fromEntries(names.map((_, i) => [i, trpcInput(undefined)]))),
    );
    const path = `/trpc/${names.join(',')}`;
    expect(path.length).toBeGreaterThan(100);
    const batch = await app.inject(`${path}?batch=1&input=${input}`);
    expect(batch.statusCode).toBe(200);
    const body: unknown = batch.json();
    expect(Array.isArray(body) && body.length).toBe(names.length);
  });

  it('keys the sign-in rate limit on the socket address, not a header the client sends', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/auth/sign-in/email',
        headers: {
          'content-type': 'application/json',
          origin: PUBLIC_URL,
          [CLIENT_IP_HEADER]: `10.0.0.${i}`,
          'x-forwarded-for': `10.1.0.${i}`,
        },
        payload: { email: 'nobody@demo.local', password: 'wrong-password' },
      });
      statuses.push(response.statusCode);
    }
    expect(statuses).toContain(429);
  });
});

describe('SPAs', () => {
  it('serves the member SPA at / and the admin SPA at /admin/, with client routes falling back to index.html', async () => {
    expect((await app.inject('/')).body).toContain('member spa');
    expect((await app.inject('/signup?invite=abc')).body).toContain('member spa');
    expect((await app.inject('/admin/')).body).toContain('admin spa');
    expect((await app.inject('/admin/invites')).body).toContain('admin spa');
    expect((await app.inject('/admin')).statusCode).toBe(302);
    const asset = await app.inject('/admin/assets/app-1234.js');
    expect(asset.body).toContain("console.log('admin')");
    expect(asset.headers['cache-control']).toContain('immutable');
  });

  it('sends a script Brotli-compressed to a browser that accepts it, and plain to one that does not', async () => {
    const url = '/admin/assets/app-1234.js';
    const brotli = await app.inject({ url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(brotli.headers['content-encoding']).toBe('br');
    expect(brotli.headers.vary).toContain('accept-encoding');
    expect(brotliDecompressSync(brotli.rawPayload).toString()).toBe("console.log('admin')");
    const plain = await app.inject({ url, headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe("console.log('admin')");
  });

  it('answers unknown API paths and missing files with a JSON 404, not a page', async () => {
    for (const url of ['/trpc-nope', '/api/nothing', '/missing.js', '/admin/assets/missing.js']) {
      const response = await app.inject(url);
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type'], url).toContain('application/json');
    }
  });
});

describe('readiness when storage is down', () => {
  it('reports 503 naming the failed check', async () => {
    await s3.stop();
    const ready = await app.inject('/readyz');
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({
      ok: false,
      checks: { database: { ok: true }, storage: { ok: false } },
    });
  });
});
