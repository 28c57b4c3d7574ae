import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import {
  addFavourite,
  createEvent,
  findUserByEmail,
  reorderEventImages,
  schema,
  setImagesVisibility,
} from '@party/db';
import { readZip, seedImage } from '@party/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { PUBLIC_URL, useTestApp } from './test-app';

/*
 * ZIP downloads over real HTTP against the S3 emulator (README, Downloads): what is in the archive
 * byte for byte, who gets which photos, and hostile file names.
 */

const spaDir = await mkdtemp(path.join(tmpdir(), 'party-zip-spa-'));
afterAll(() => rm(spaDir, { recursive: true, force: true }));
const { db, s3, signIn, listen } = await useTestApp({ spaDir });
const base = await listen();
const admin = await findUserByEmail(db, 'admin@demo.local');
const member = await findUserByEmail(db, 'member@demo.local');
if (!admin || !member) throw new Error('demo accounts missing');
const memberCookie = await signIn('member@demo.local');

const put = (key: string, body: Buffer) =>
  s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: key, Body: body }));

/** A ready photo with real objects: a 500-byte WebP preview and a full-size JPEG of `fullBytes`. */
async function photo(
  eventId: string,
  originalName: string,
  extra: Partial<typeof schema.images.$inferInsert> = {},
) {
  const row = await seedImage(db, { eventId, originalName, visibility: 'members', ...extra });
  const preview = randomBytes(500);
  const full = randomBytes(2000 + Math.floor(Math.random() * 3000));
  const fullKey = `derived/images/${row.id}/full.jpeg`;
  await put(`derived/images/${row.id}/preview.webp`, preview);
  await put(fullKey, full);
  await db.insert(schema.imageVariants).values({
    imageId: row.id,
    variant: 'full',
    format: 'jpeg',
    key: fullKey,
    width: 6000,
    height: 4000,
    bytes: full.length,
  });
  return { id: row.id, preview, full };
}

async function newEvent(slug: string) {
  return createEvent(db, {
    title: `Night ${slug}`,
    slug,
    eventDate: '2026-11-20',
    createdBy: admin?.id ?? '',
  });
}

const download = (url: string, init: RequestInit = {}, cookie = memberCookie) =>
  fetch(new URL(url, base), { ...init, headers: { cookie, ...(init.headers ?? {}) } });

describe('photo ZIP downloads', () => {
  it('a gallery: full-size JPEGs, byte-identical, exact Content-Length, as an attachment', async () => {
    const event = await newEvent('zip-gallery');
    const photos = [await photo(event.id, 'IMG_1.JPG'), await photo(event.id, 'IMG_2.jpeg')];
    const answer = await download(`/downloads/events/${event.id}/photos.zip`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/zip');
    expect(answer.headers.get('content-disposition')).toContain('attachment');
    expect(answer.headers.get('content-disposition')).toContain('Night zip-gallery.zip');
    const zip = Buffer.from(await answer.arrayBuffer());
    expect(Number(answer.headers.get('content-length'))).toBe(zip.length);
    const entries = readZip(zip);
    expect(entries.map((e) => e.name)).toEqual(['IMG_1.jpg', 'IMG_2.jpg']);
    for (const [i, entry] of entries.entries()) {
      expect(entry.crcMatches).toBe(true);
      expect(entry.data.equals(photos[i]?.full ?? Buffer.alloc(0))).toBe(true);
    }
  });

  it("follows the admin's photo order (README, Photo order)", async () => {
    const event = await newEvent('zip-order');
    const [first, second] = [await photo(event.id, 'first.jpg'), await photo(event.id, 'second.jpg')];
    expect(await reorderEventImages(db, event.id, [second.id, first.id])).toBe(true);
    const zip = Buffer.from(await (await download(`/downloads/events/${event.id}/photos.zip`)).arrayBuffer());
    expect(readZip(zip).map((e) => e.name)).toEqual(['second.jpg', 'first.jpg']);
    const form = {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        origin: PUBLIC_URL.replace('localhost:3000', new URL(base).host),
      },
      body: new URLSearchParams([
        ['ids', first.id],
        ['ids', second.id],
      ]).toString(),
    };
    const selection = await download(`/downloads/events/${event.id}/selection.zip`, form);
    expect(readZip(Buffer.from(await selection.arrayBuffer())).map((e) => e.name)).toEqual([
      'second.jpg',
      'first.jpg',
    ]);
  });

  it('leaves out drafts, hidden photos and attendee photos of an event the member did not attend', async () => {
    const event = await newEvent('zip-visibility');
    await photo(event.id, 'seen.jpg');
    await photo(event.id, 'draft.jpg', { visibility: 'draft' });
    await photo(event.id, 'attendees.jpg', { visibility: 'attendees' });
    await photo(event.id, 'hidden.jpg', { hiddenAt: new Date() });
    const zip = Buffer.from(await (await download(`/downloads/events/${event.id}/photos.zip`)).arrayBuffer());
    expect(readZip(zip).map((e) => e.name)).toEqual(['seen.jpg']);
  });

  it('refuses without a session (401) and answers 404 for a gallery the member cannot see or that does not exist', async () => {
    const event = await newEvent('zip-refused');
    await photo(event.id, 'draft.jpg', { visibility: 'draft' });
    expect((await download(`/downloads/events/${event.id}/photos.zip`, {}, '')).status).toBe(401);
    expect((await download(`/downloads/events/${event.id}/photos.zip`)).status).toBe(404);
    expect((await download(`/downloads/events/${crypto.randomUUID()}/photos.zip`)).status).toBe(404);
    expect((await download('/downloads/events/not-a-uuid/photos.zip')).status).toBe(404);
    expect((await download(`/downloads/events/${event.id}/other.zip`)).status).toBe(404);
  });

  it('hostile file names become safe, unique names at the root of the archive', async () => {
    const event = await newEvent('zip-hostile');
    const names = [
      '../../etc/passwd.jpg',
      '/abs.jpg',
      'C:\\win.jpg',
      'a\u202Egpj.exe.jpg',
      'dup.jpg',
      'DUP.jpg',
      '..jpg',
      'CON.jpg',
    ];
    // Taken one minute apart in list order, so the gallery order (and which twin gets " (2)") does
    // not depend on the database's collation of upper and lower case.
    for (const [i, name] of names.entries()) {
      await photo(event.id, name, { takenAt: new Date(Date.UTC(2026, 0, 1, 0, i)) });
    }
    const zip = Buffer.from(await (await download(`/downloads/events/${event.id}/photos.zip`)).arrayBuffer());
    const got = readZip(zip).map((e) => e.name);
    expect(got).toHaveLength(names.length);
    expect(new Set(got.map((n) => n.toLowerCase())).size).toBe(names.length);
    for (const name of got) {
      expect(name).not.toMatch(/[/\\:\u202E]/);
      expect(name.startsWith('.')).toBe(false);
    }
    expect(got).toContain('dup.jpg');
    expect(got).toContain('DUP (2).jpg');
    expect(got).toContain('_CON.jpg');
  });

  it('a selection by form post: only the chosen visible photos; other origins and bad lists refused', async () => {
    const event = await newEvent('zip-selection');
    const [a, , c] = [
      await photo(event.id, 'a.jpg'),
      await photo(event.id, 'b.jpg'),
      await photo(event.id, 'c.jpg'),
    ];
    const draft = await photo(event.id, 'd.jpg', { visibility: 'draft' });
    const form = (ids: string[], origin = PUBLIC_URL.replace('localhost:3000', new URL(base).host)) => ({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
      body: new URLSearchParams(ids.map((id): [string, string] => ['ids', id])).toString(),
    });
    const answer = await download(
      `/downloads/events/${event.id}/selection.zip`,
      form([a.id, c.id, draft.id]),
    );
    expect(answer.status).toBe(200);
    const entries = readZip(Buffer.from(await answer.arrayBuffer()));
    expect(entries.map((e) => e.name)).toEqual(['a.jpg', 'c.jpg']);
    expect(entries[1]?.data.equals(c.full)).toBe(true);
    expect(
      (await download(`/downloads/events/${event.id}/selection.zip`, form([a.id], 'https://evil.example')))
        .status,
    ).toBe(403);
    // What Chromium sends from our own page (Referrer-Policy no-referrer hides the origin).
    const plain = form([a.id], 'null');
    const fromOurPage = { ...plain, headers: { ...plain.headers, 'sec-fetch-site': 'same-origin' } };
    expect((await download(`/downloads/events/${event.id}/selection.zip`, fromOurPage)).status).toBe(200);
    expect((await download(`/downloads/events/${event.id}/selection.zip`, form([a.id], 'null'))).status).toBe(
      403,
    );
    expect((await download(`/downloads/events/${event.id}/selection.zip`, form(['nope']))).status).toBe(400);
    expect((await download(`/downloads/events/${event.id}/selection.zip`, form([draft.id]))).status).toBe(
      404,
    );
    expect((await download(`/downloads/events/${event.id}/selection.zip`, form([a.id]), '')).status).toBe(
      401,
    );
  });

  it("favourites: the member's own favourite photos of one event, as WebP previews", async () => {
    const event = await newEvent('zip-favourites');
    const [a, b] = [await photo(event.id, 'a.jpg'), await photo(event.id, 'b.jpg')];
    const hidden = await photo(event.id, 'gone.jpg');
    await addFavourite(db, member.id, { imageId: b.id });
    await addFavourite(db, member.id, { imageId: hidden.id });
    await addFavourite(db, admin.id, { imageId: a.id });
    await setImagesVisibility(db, { ids: [hidden.id], visibility: 'draft' });
    const answer = await download(`/downloads/events/${event.id}/favourites.zip`);
    expect(answer.status).toBe(200);
    const entries = readZip(Buffer.from(await answer.arrayBuffer()));
    expect(entries.map((e) => e.name)).toEqual(['b.webp']);
    expect(entries[0]?.data.equals(b.preview)).toBe(true);
    const none = await newEvent('zip-no-favourites');
    await photo(none.id, 'x.jpg');
    expect((await download(`/downloads/events/${none.id}/favourites.zip`)).status).toBe(404);
  });

  it('a photo whose object changed size mid-way cuts the download short of its Content-Length', async () => {
    const event = await newEvent('zip-broken');
    const p = await photo(event.id, 'a.jpg');
    await put(`derived/images/${p.id}/full.jpeg`, randomBytes(10));
    const answer = await download(`/downloads/events/${event.id}/photos.zip`);
    expect(answer.status).toBe(200);
    await expect(answer.arrayBuffer()).rejects.toThrow();
  });
});
