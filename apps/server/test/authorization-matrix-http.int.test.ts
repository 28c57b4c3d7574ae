import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { createUserWithPassword } from '@party/api/auth';
import { createEvent, findUserByEmail, schema } from '@party/db';
import { mediaTokenKey, signMediaToken } from '@party/storage';
import { seedImage, seedMusicSet, seedTrack } from '@party/testing';
import { decodeTrpcAnswer, trpcInput } from '@party/testing/trpc-wire';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_URL, useTestApp } from './test-app';
import { tusCreate, tusPatch } from './tus-client';

/*
 * The HTTP edges that the tRPC matrix (packages/api/test/authorization-matrix.int.test.ts) does
 * not reach, over real HTTP: uploads, the media proxy, the auth routes, and tRPC's own gate. The
 * list of routes below is complete: a route the app serves that is not in it fails the test.
 */

const spaDir = await mkdtemp(path.join(tmpdir(), 'party-authz-spa-'));
afterAll(() => rm(spaDir, { recursive: true, force: true }));
/** Share links expire by this clock: tests move it instead of waiting. */
let now = new Date();
const { app, db, auth, s3, signIn, listen } = await useTestApp({
  spaDir,
  delivery: { mode: 'proxy' },
  clock: () => now,
  ticketing: { webhookSecret: `whsec_${Buffer.alloc(32, 7).toString('base64')}`, pull: false },
});
const base = await listen();

type Access =
  /** Anyone: health checks and the SPAs' static files (no data in them). */
  | 'public'
  /** better-auth: sign-up only with an invite, sign-in refused to disabled accounts. */
  | 'auth'
  /** tRPC: the procedure ladder (the full matrix runs in packages/api). */
  | 'trpc'
  /** tus: admins only, each upload only for the admin who created it. */
  | 'uploads'
  /**
   * `/media/<token>`: the viewer the token was issued to, signed in (never a hidden photo to a
   * member); or, for a token issued to a share link's guest, anyone holding it while the link opens.
   */
  | 'media'
  /** `/hooks/ticketing`: a Standard Webhooks signature with the shared secret; sessions count for nothing. */
  | 'webhook'
  /**
   * `/downloads/events/<id>/<file>.zip`: a signed-in, enabled account; only photos it may see
   * (none: 404, never 403). Full cases in photo-zip.int.test.ts.
   */
  | 'downloads';

const ALL = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'QUERY', 'TRACE'];
const ROUTES: Record<string, { methods: string[]; access: Access }> = {
  '/healthz': { methods: ['GET', 'HEAD'], access: 'public' },
  '/readyz': { methods: ['GET', 'HEAD'], access: 'public' },
  '/admin': { methods: ['GET', 'HEAD'], access: 'public' },
  '/admin/index.html': { methods: ['GET', 'HEAD'], access: 'public' },
  '/admin/assets/app-1234.js': { methods: ['GET', 'HEAD'], access: 'public' },
  // The build's precompressed copy (scripts/vite-precompress.ts): a static file like its original.
  '/admin/assets/app-1234.js.br': { methods: ['GET', 'HEAD'], access: 'public' },
  '/index.html': { methods: ['GET', 'HEAD'], access: 'public' },
  '/assets/app-1234.js': { methods: ['GET', 'HEAD'], access: 'public' },
  '/assets/app-1234.js.br': { methods: ['GET', 'HEAD'], access: 'public' },
  '/api/auth/*': { methods: ['GET', 'HEAD', 'POST'], access: 'auth' },
  '/trpc/:path': { methods: ALL, access: 'trpc' },
  '/files': { methods: ALL, access: 'uploads' },
  '/files/*': { methods: ALL, access: 'uploads' },
  '/media/*': { methods: ['GET', 'HEAD'], access: 'media' },
  '/hooks/ticketing': { methods: ['POST'], access: 'webhook' },
  '/downloads/events/:eventId/:file': { methods: ['GET', 'HEAD', 'POST'], access: 'downloads' },
};

/**
 * Every route of the app with its methods, read from Fastify's radix-tree print (one node per
 * line, indented four characters per level; a node with methods in parentheses is a route).
 */
function servedRoutes(): Record<string, string[]> {
  const routes: Record<string, string[]> = {};
  const prefixes: string[] = [];
  for (const line of app.printRoutes().split('\n')) {
    const match = /^((?:│ {3}| {4})*)(?:├── |└── )(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    const route = (prefixes[depth - 1] ?? '') + (match[2] ?? '');
    prefixes[depth] = route;
    prefixes.length = depth + 1;
    if (match[3]) routes[route] = match[3].split(', ').sort();
  }
  return routes;
}

const admin = await findUserByEmail(db, 'admin@demo.local');
const member = await findUserByEmail(db, 'member@demo.local');
if (!admin || !member) throw new Error('demo accounts missing');
await createUserWithPassword(auth, {
  email: 'second@demo.local',
  password: 'second-admin-pass',
  name: 'Second',
  role: 'admin',
});
await createUserWithPassword(auth, {
  email: 'disabled@demo.local',
  password: 'disabled-password',
  name: 'Disabled',
  role: 'admin',
});
const event = await createEvent(db, {
  title: 'Night',
  slug: 'night',
  eventDate: '2026-11-20',
  createdBy: admin.id,
});

const cookies = { admin: '', member: '', second: '', disabled: '' };

/** A tRPC call over HTTP: its status and, for errors, the tRPC code. */
async function trpc(cookie: string, procedure: string, input?: unknown, method: 'GET' | 'POST' = 'POST') {
  const url = new URL(`/trpc/${procedure}`, base);
  if (method === 'GET' && input !== undefined)
    url.searchParams.set('input', JSON.stringify(trpcInput(input)));
  const response = await fetch(url, {
    method,
    headers: { cookie, 'content-type': 'application/json' },
    body: method === 'POST' ? JSON.stringify(trpcInput(input ?? {})) : undefined,
  });
  const body = decodeTrpcAnswer(await response.json());
  return { status: response.status, code: body.error?.data.code, data: body.result?.data };
}

const authPost = (endpoint: string, body: unknown) =>
  fetch(`${base}/api/auth${endpoint}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: PUBLIC_URL },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  cookies.admin = await signIn('admin@demo.local');
  cookies.member = await signIn('member@demo.local');
  cookies.second = await signIn('second@demo.local', 'second-admin-pass');
  cookies.disabled = await signIn('disabled@demo.local', 'disabled-password');
  // Disabled the way an admin does it, while its session cookie is still in the browser.
  const disabled = await findUserByEmail(db, 'disabled@demo.local');
  const answer = await trpc(cookies.admin, 'admin.members.setDisabled', {
    userId: disabled?.id,
    disabled: true,
  });
  if (answer.status !== 200) throw new Error(`could not disable: ${answer.status} ${answer.code}`);
});

describe('HTTP authorization', () => {
  it('knows every route the app serves, with its methods', () => {
    const listed = Object.fromEntries(Object.entries(ROUTES).map(([route, { methods }]) => [route, methods]));
    expect(servedRoutes()).toEqual(listed);
  });

  it('downloads: no session or a disabled account 401, a photo the member cannot see 404, a hidden one left out', async () => {
    const draftEvent = await createEvent(db, {
      title: 'Draft night',
      slug: 'draft-night-zip',
      eventDate: '2026-11-21',
      createdBy: admin.id,
    });
    const draft = await seedImage(db, { eventId: draftEvent.id, visibility: 'draft' });
    const preview = randomBytes(500);
    await s3.client.send(
      new PutObjectCommand({
        Bucket: s3.bucket,
        Key: `derived/images/${draft.id}/preview.webp`,
        Body: preview,
      }),
    );
    const zip = (cookie: string) =>
      fetch(new URL(`/downloads/events/${draftEvent.id}/photos.zip`, base), {
        headers: cookie ? { cookie } : {},
      });
    expect((await zip('')).status).toBe(401);
    expect((await zip(cookies.disabled)).status).toBe(401);
    expect((await zip(cookies.member)).status).toBe(404);
    const own = await zip(cookies.admin);
    expect(own.status).toBe(200);
    expect(Buffer.from(await own.arrayBuffer()).includes(preview)).toBe(true);
  });

  it('public: health and the SPA files answer without a session', async () => {
    for (const [route, { access }] of Object.entries(ROUTES)) {
      if (access !== 'public') continue;
      const response = await fetch(new URL(route, base), { redirect: 'manual' });
      expect([route, response.status]).toEqual([route, route === '/admin' ? 302 : 200]);
    }
  });

  it('auth: sign-up without an invite and sign-in of a disabled account are refused', async () => {
    const signUp = await authPost('/sign-up/email', {
      email: 'walk-in@demo.local',
      password: 'walk-in-password',
      name: 'Walk In',
    });
    expect(signUp.status).toBe(400);
    expect(signUp.headers.get('set-cookie')).toBeNull();
    expect(await findUserByEmail(db, 'walk-in@demo.local')).toBeUndefined();

    const signInDisabled = await authPost('/sign-in/email', {
      email: 'disabled@demo.local',
      password: 'disabled-password',
    });
    expect(signInDisabled.status).toBe(403);
    expect(signInDisabled.headers.get('set-cookie')).toBeNull();
  });

  it('trpc: no session 401, a member on an admin procedure 403, a disabled account signed out', async () => {
    expect(await trpc('', 'admin.members.list', undefined, 'GET')).toMatchObject({
      status: 401,
      code: 'UNAUTHORIZED',
    });
    expect(await trpc(cookies.member, 'admin.members.list', undefined, 'GET')).toMatchObject({
      status: 403,
      code: 'FORBIDDEN',
    });
    expect(await trpc(cookies.disabled, 'admin.members.list', undefined, 'GET')).toMatchObject({
      status: 401,
      code: 'UNAUTHORIZED',
    });
    expect(await trpc(cookies.disabled, 'account.me', undefined, 'GET')).toMatchObject({
      status: 200,
      data: null,
    });
    expect(await trpc(cookies.admin, 'admin.members.list', undefined, 'GET')).toMatchObject({ status: 200 });
  });

  it('trpc: timed comments and listening reports over HTTP: sessions, visibility, admin-only statistics, 429 past the rate limit', async () => {
    const set = await seedMusicSet(db, { visibility: 'members', createdBy: admin.id });
    const track = await seedTrack(db, { setId: set.id });
    const draft = await seedMusicSet(db, { visibility: 'draft', createdBy: admin.id });
    const draftTrack = await seedTrack(db, { setId: draft.id });
    const comment = { trackId: track.id, atSeconds: 600, body: 'Over HTTP' };
    expect(await trpc('', 'comments.create', comment)).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    expect(await trpc(cookies.member, 'comments.create', comment)).toMatchObject({ status: 200 });
    const listed = await trpc(cookies.member, 'comments.list', { trackId: track.id }, 'GET');
    expect(listed).toMatchObject({
      status: 200,
      data: { comments: [{ atSeconds: 600, body: 'Over HTTP' }] },
    });
    expect(await trpc(cookies.member, 'comments.list', { trackId: draftTrack.id }, 'GET')).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
    });
    const report = {
      batchId: crypto.randomUUID(),
      entries: [
        { trackId: track.id, at: new Date(), started: true, qualified: true, fraction: 0.2, minutes: [] },
      ],
    };
    expect(await trpc('', 'listening.report', report)).toMatchObject({ status: 401 });
    expect(await trpc(cookies.member, 'listening.report', report)).toMatchObject({
      status: 200,
      data: { applied: 1 },
    });
    const stats = { setId: set.id, days: 7 };
    expect(await trpc(cookies.member, 'admin.listening.setStats', stats, 'GET')).toMatchObject({
      status: 403,
    });
    expect(await trpc(cookies.admin, 'admin.listening.setStats', stats, 'GET')).toMatchObject({
      status: 200,
      data: { tracks: [{ plays: 1, uniqueListeners: 1 }] },
    });
    // The member has posted one comment this minute; the limit is 5.
    const answers = [];
    for (let i = 0; i < 5; i += 1)
      answers.push((await trpc(cookies.member, 'comments.create', comment)).status);
    expect(answers).toEqual([200, 200, 200, 200, 429]);
  });

  it('webhook: an admin session without a signature is refused (401), the delivery counted', async () => {
    const response = await fetch(new URL('/hooks/ticketing', base), {
      method: 'POST',
      headers: { cookie: cookies.admin, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'member.enabled', data: {} }),
    });
    expect(response.status).toBe(401);
    expect(await response.text()).toMatch(/Missing header: webhook-id, webhook-timestamp, webhook-signature/);
    expect(await db.select().from(schema.ticketingRejections)).toHaveLength(1);
  });

  it('uploads: creating takes an admin (401/403/201), and only the creator may resume or cancel', async () => {
    const create = (cookie: string) =>
      tusCreate(base, cookie, 1000, {
        kind: 'image',
        eventId: event.id,
        filename: 'photo.jpg',
        filetype: 'image/jpeg',
      });
    expect((await create('')).status).toBe(401);
    expect((await create(cookies.member)).status).toBe(403);
    expect((await create(cookies.disabled)).status).toBe(401);
    const created = await create(cookies.admin);
    expect(created.status).toBe(201);
    const location = created.headers.get('location') ?? '';
    const upload = new URL(location, base);
    const tus = (cookie: string, method: string) =>
      fetch(upload, { method, headers: { cookie, 'tus-resumable': '1.0.0' } });

    expect((await tus(cookies.second, 'HEAD')).status).toBe(403);
    expect((await tusPatch(base, cookies.second, location, 0, randomBytes(1000))).status).toBe(403);
    expect((await tus(cookies.second, 'DELETE')).status).toBe(403);
    expect((await tus(cookies.member, 'HEAD')).status).toBe(403);
    expect((await tus('', 'HEAD')).status).toBe(401);
    // The creator still can: the refusals above were about who asked, not about the upload.
    const own = await tus(cookies.admin, 'HEAD');
    expect([own.status, own.headers.get('upload-offset')]).toEqual([200, '0']);
    expect((await tus(cookies.admin, 'DELETE')).status).toBe(204);
  });

  it('media: a token only serves the viewer it was issued to (401/403/404 otherwise)', async () => {
    const key = 'originals/authz-matrix-track';
    const bytes = randomBytes(4096);
    await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: bytes }));
    const set = await seedMusicSet(db, { visibility: 'members', createdBy: admin.id });
    const track = await seedTrack(db, { setId: set.id, originalKey: key, bytes: bytes.length });
    const issued = await trpc(cookies.member, 'tracks.downloadUrl', { trackId: track.id, kind: 'original' });
    const url = (issued.data as { url?: string } | undefined)?.url ?? '';
    expect(url).toMatch(/^\/media\//);
    const get = (target: string, cookie: string) =>
      fetch(new URL(target, base), { headers: cookie ? { cookie } : {} });

    const own = await get(url, cookies.member);
    expect(own.status).toBe(200);
    expect(Buffer.from(await own.arrayBuffer()).equals(bytes)).toBe(true);
    expect((await get(url, cookies.admin)).status).toBe(403);
    expect((await get(url, '')).status).toBe(401);
    expect((await get(url, cookies.disabled)).status).toBe(401);
    const forged = signMediaToken(mediaTokenKey('not-the-server-secret-not-the-server-secret'), {
      key,
      viewerId: member.id,
      expiresAt: Date.now() / 1000 + 600,
    });
    expect((await get(`/media/${forged}`, cookies.member)).status).toBe(404);
  });

  it('media: a photo hidden by a takedown stops at once through URLs issued before, for members only', async () => {
    const photo = await seedImage(db, {
      eventId: event.id,
      visibility: 'members',
      allowOriginalDownload: true,
    });
    const bytes = randomBytes(2048);
    for (const key of [photo.originalKey, `derived/images/${photo.id}/thumb.webp`]) {
      await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: bytes }));
    }
    const get = (target: string, cookie: string) => fetch(new URL(target, base), { headers: { cookie } });
    const thumbOf = (answer: { data?: unknown }, id: string) =>
      ((answer.data as Array<{ id: string; thumbUrl: string | null }> | undefined) ?? []).find(
        (p) => p.id === id,
      )?.thumbUrl ?? '';

    const memberThumb = thumbOf(
      await trpc(cookies.member, 'images.list', { eventId: event.id }, 'GET'),
      photo.id,
    );
    const adminThumb = thumbOf(
      await trpc(cookies.admin, 'admin.images.list', { eventId: event.id }, 'GET'),
      photo.id,
    );
    const original = await trpc(cookies.member, 'images.download', { id: photo.id, kind: 'original' });
    const memberOriginal = (original.data as { url?: string } | undefined)?.url ?? '';
    for (const url of [memberThumb, adminThumb, memberOriginal]) expect(url).toMatch(/^\/media\//);
    expect((await get(memberThumb, cookies.member)).status).toBe(200);
    expect((await get(memberOriginal, cookies.member)).status).toBe(200);

    const hidden = await trpc(cookies.member, 'images.hide', { id: photo.id, reason: 'me' });
    expect(hidden.status).toBe(200);

    // The URLs still carry valid tokens; the photo is hidden now, so a member gets nothing.
    expect((await get(memberThumb, cookies.member)).status).toBe(404);
    expect((await get(memberOriginal, cookies.member)).status).toBe(404);
    const adminAnswer = await get(adminThumb, cookies.admin);
    expect(adminAnswer.status).toBe(200);
    expect(Buffer.from(await adminAnswer.arrayBuffer()).equals(bytes)).toBe(true);
    expect(thumbOf(await trpc(cookies.member, 'images.list', { eventId: event.id }, 'GET'), photo.id)).toBe(
      '',
    );

    const takedownId = (hidden.data as { id?: string } | undefined)?.id;
    const restored = await trpc(cookies.admin, 'admin.takedowns.decide', {
      id: takedownId,
      decision: 'restore',
    });
    expect(restored.status).toBe(200);
    expect((await get(memberThumb, cookies.member)).status).toBe(200);
  });

  it('media: a guest token of a share link serves without a session while the link opens, 403 once it ended', async () => {
    const key = 'originals/authz-matrix-shared-track';
    const bytes = randomBytes(2048);
    await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: bytes }));
    const set = await seedMusicSet(db, { visibility: 'members', createdBy: admin.id });
    const track = await seedTrack(db, { setId: set.id, originalKey: key, bytes: bytes.length });
    const guestUrl = async (expiresInDays: number) => {
      const created = await trpc(cookies.admin, 'admin.shareLinks.create', {
        setId: set.id,
        allowDownload: true,
        expiresInDays,
      });
      const link = created.data as { id: string; url: string };
      const token = decodeURIComponent(new URL(link.url).pathname.slice('/s/'.length));
      const issued = await trpc('', 'share.trackDownload', { token, trackId: track.id, kind: 'original' });
      expect(issued.status).toBe(200);
      return { id: link.id, url: (issued.data as { url: string }).url };
    };
    const get = (target: string, cookie = '') =>
      fetch(new URL(target, base), { headers: cookie ? { cookie } : {} });

    const revoked = await guestUrl(7);
    expect(revoked.url).toMatch(/^\/media\//);
    const served = await get(revoked.url);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
    // A session neither helps nor hurts: the token names the link, not a person.
    expect((await get(revoked.url, cookies.member)).status).toBe(200);
    expect((await trpc(cookies.admin, 'admin.shareLinks.revoke', { id: revoked.id })).status).toBe(200);
    expect((await get(revoked.url)).status).toBe(403);

    const expiring = await guestUrl(1);
    expect((await get(expiring.url)).status).toBe(200);
    now = new Date(now.getTime() + 24 * 60 * 60 * 1000);
    expect((await get(expiring.url)).status).toBe(403);
    now = new Date();

    // A member's token is no guest's: without the member's session it is refused.
    const memberUrl = await trpc(cookies.member, 'tracks.downloadUrl', {
      trackId: track.id,
      kind: 'original',
    });
    expect((await get((memberUrl.data as { url: string }).url)).status).toBe(401);
    // And a guest token cannot be made up: signed with another key it names nothing.
    const forged = signMediaToken(mediaTokenKey('not-the-server-secret-not-the-server-secret'), {
      key,
      viewerId: `share:${revoked.id}`,
      expiresAt: Date.now() / 1000 + 600,
    });
    expect((await get(`/media/${forged}`)).status).toBe(404);
  });

  it('spa: a share link page is the member app, served without a session', async () => {
    const response = await fetch(new URL('/s/some-token-that-the-page-checks', base));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('member spa');
  });
});
