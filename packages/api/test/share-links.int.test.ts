import { createHash } from 'node:crypto';
import { schema } from '@party/db';
import {
  recordingJobQueue,
  seedEvent,
  seedImage,
  seedMusicSet,
  seedRendition,
  seedTrack,
  seedUser,
  useS3Emulator,
  useTestDatabase,
} from '@party/testing';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { asViewer, callerFor } from './helpers';

const { db } = await useTestDatabase();
const s3 = await useS3Emulator();
const storage = { client: s3.client, bucket: s3.bucket };
const jobs = recordingJobQueue();

/** The injected clock: tests move it instead of waiting. */
let now = new Date('2026-12-01T12:00:00Z');
const clock = () => now;
const DAY = 24 * 60 * 60 * 1000;

const adminRow = await seedUser(db, { role: 'admin' });
const admin = callerFor(db, asViewer(adminRow), { storage, jobs, clock });
/** A guest: no session at all. */
const guest = callerFor(db, null, { storage, jobs, clock });

const event = await seedEvent(db, { title: 'Harbour night' });
const otherEvent = await seedEvent(db, { title: 'Other night' });
const draft = await seedImage(db, { eventId: event.id, visibility: 'draft' });
const forAttendees = await seedImage(db, { eventId: event.id, visibility: 'attendees' });
const forMembers = await seedImage(db, {
  eventId: event.id,
  visibility: 'members',
  allowOriginalDownload: true,
});
const processing = await seedImage(db, { eventId: event.id, visibility: 'members', status: 'processing' });
const otherPhoto = await seedImage(db, { eventId: otherEvent.id, visibility: 'members' });

const set = await seedMusicSet(db, { visibility: 'members', title: 'Sunrise set' });
const track = await seedTrack(db, { setId: set.id });
await seedRendition(db, { trackId: track.id, tier: 'medium' });
await seedRendition(db, { trackId: track.id, tier: 'flac' });
const draftSet = await seedMusicSet(db, { visibility: 'draft' });
const draftTrack = await seedTrack(db, { setId: draftSet.id });

const tokenOf = (url: string) => decodeURIComponent(new URL(url).pathname.replace(/^\/s\//, ''));

async function linkRow(id: string) {
  const [row] = await db.select().from(schema.shareLinks).where(eq(schema.shareLinks.id, id));
  if (!row) throw new Error('no share link row');
  return row;
}

describe('creating share links', () => {
  it('gives the link once, stores only a SHA-256 of its long random token, and expires in 7 days by default', async () => {
    const created = await admin.admin.shareLinks.create({ eventId: event.id });
    expect(created.url).toMatch(/^http:\/\/localhost:3000\/s\/[A-Za-z0-9_-]{43}$/);
    const token = tokenOf(created.url);
    const row = await linkRow(created.id);
    expect(row.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.expiresAt.getTime() - now.getTime()).toBe(7 * DAY);
    const listed = await admin.admin.shareLinks.list({ eventId: event.id });
    expect(JSON.stringify(listed)).not.toContain(token);
  });

  it('allows at most 90 days and never no expiry', async () => {
    const longest = await admin.admin.shareLinks.create({ setId: set.id, expiresInDays: 90 });
    expect((await linkRow(longest.id)).expiresAt.getTime() - now.getTime()).toBe(90 * DAY);
    for (const expiresInDays of [91, 0, Number.POSITIVE_INFINITY]) {
      await expect(admin.admin.shareLinks.create({ setId: set.id, expiresInDays })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
    }
  });

  it('opens exactly one event or one set', async () => {
    await expect(admin.admin.shareLinks.create({ eventId: event.id, setId: set.id })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(admin.admin.shareLinks.create({})).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });
});

describe('a guest with an event link', () => {
  it('sees the published photos (attendees and members), never drafts or unprocessed ones', async () => {
    const token = tokenOf((await admin.admin.shareLinks.create({ eventId: event.id })).url);
    expect(await guest.share.open({ token })).toMatchObject({
      status: 'open',
      kind: 'event',
      allowDownload: false,
    });
    const gallery = await guest.share.event({ token });
    expect(gallery.title).toBe('Harbour night');
    expect(gallery.images.map((i) => i.id).sort()).toEqual([forAttendees.id, forMembers.id].sort());
    expect(JSON.stringify(gallery)).not.toContain(draft.id);
    expect(JSON.stringify(gallery)).not.toContain(processing.id);
    // Short-lived presigned URLs, as members get; no original is offered without the download permission.
    expect(gallery.images[0]?.thumbUrl).toContain('X-Amz-Expires=900');
    expect(gallery.images.every((i) => i.originalDownload === false)).toBe(true);
    expect(JSON.stringify(gallery)).not.toContain('originals/');
  });

  it('counts and logs every open at the clock time', async () => {
    const created = await admin.admin.shareLinks.create({ eventId: event.id });
    const token = tokenOf(created.url);
    await guest.share.open({ token });
    now = new Date(now.getTime() + 60_000);
    await guest.share.open({ token });
    const log = await admin.admin.shareLinks.opens({ id: created.id });
    expect(log.openCount).toBe(2);
    expect(log.opens).toEqual([now, new Date(now.getTime() - 60_000)]);
    const [listed] = (await admin.admin.shareLinks.list({ eventId: event.id })).filter(
      (l) => l.id === created.id,
    );
    expect(listed).toMatchObject({ openCount: 2, lastOpenedAt: now, state: 'active' });
  });

  it('cannot download without the permission', async () => {
    const token = tokenOf((await admin.admin.shareLinks.create({ eventId: event.id })).url);
    await expect(
      guest.share.imageDownload({ token, imageId: forMembers.id, kind: 'preview' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      guest.share.imageDownload({ token, imageId: forMembers.id, kind: 'original' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('downloads previews with the permission, and originals only where the photo offers its original', async () => {
    const token = tokenOf(
      (await admin.admin.shareLinks.create({ eventId: event.id, allowDownload: true })).url,
    );
    const gallery = await guest.share.event({ token });
    expect(gallery.images.find((i) => i.id === forMembers.id)?.originalDownload).toBe(true);
    expect(gallery.images.find((i) => i.id === forAttendees.id)?.originalDownload).toBe(false);
    const preview = await guest.share.imageDownload({ token, imageId: forAttendees.id, kind: 'preview' });
    expect(preview.url).toContain(`derived/images/${forAttendees.id}/preview.webp`);
    const original = await guest.share.imageDownload({ token, imageId: forMembers.id, kind: 'original' });
    expect(original.url).toContain(forMembers.originalKey);
    await expect(
      guest.share.imageDownload({ token, imageId: forAttendees.id, kind: 'original' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('reaches nothing outside its event: not a draft, not another event, not a set', async () => {
    const token = tokenOf(
      (await admin.admin.shareLinks.create({ eventId: event.id, allowDownload: true })).url,
    );
    for (const imageId of [draft.id, otherPhoto.id]) {
      await expect(guest.share.imageDownload({ token, imageId, kind: 'preview' })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    }
    await expect(guest.share.set({ token })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(guest.share.streamUrl({ token, trackId: track.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('a guest with a set link', () => {
  it('hears the set: tracks, peaks and stream URLs, no listening position', async () => {
    const token = tokenOf((await admin.admin.shareLinks.create({ setId: set.id })).url);
    expect(await guest.share.open({ token })).toMatchObject({ status: 'open', kind: 'set' });
    const detail = await guest.share.set({ token });
    expect(detail).toMatchObject({ id: set.id, title: 'Sunrise set', allowDownload: false });
    expect(detail.tracks.map((t) => t.id)).toEqual([track.id]);
    expect(detail.tracks[0]?.resumeAt).toBeNull();
    const stream = await guest.share.streamUrl({ token, trackId: track.id, tier: 'medium' });
    expect(stream.tier).toBe('medium');
    await expect(guest.share.trackDownload({ token, trackId: track.id, kind: 'flac' })).rejects.toMatchObject(
      {
        code: 'FORBIDDEN',
      },
    );
    await expect(guest.share.event({ token })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('downloads the lossless files with the permission', async () => {
    const token = tokenOf((await admin.admin.shareLinks.create({ setId: set.id, allowDownload: true })).url);
    const flac = await guest.share.trackDownload({ token, trackId: track.id, kind: 'flac' });
    expect(flac.url).toContain('response-content-disposition=attachment');
  });

  it('shows nothing of a draft set, and no track of another set', async () => {
    const token = tokenOf((await admin.admin.shareLinks.create({ setId: draftSet.id })).url);
    await expect(guest.share.set({ token })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(guest.share.streamUrl({ token, trackId: draftTrack.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    const setToken = tokenOf((await admin.admin.shareLinks.create({ setId: set.id })).url);
    await expect(guest.share.streamUrl({ token: setToken, trackId: draftTrack.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('ending a link', () => {
  it('expires by the injected clock: the page says so, nothing is served and no open is counted', async () => {
    const created = await admin.admin.shareLinks.create({ setId: set.id, expiresInDays: 1 });
    const token = tokenOf(created.url);
    now = new Date(now.getTime() + DAY - 1000);
    expect((await guest.share.open({ token })).status).toBe('open');
    now = new Date(now.getTime() + 1000);
    expect(await guest.share.open({ token })).toEqual({ status: 'expired' });
    await expect(guest.share.set({ token })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'This share link has expired.',
    });
    await expect(guest.share.streamUrl({ token, trackId: track.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await admin.admin.shareLinks.opens({ id: created.id })).openCount).toBe(1);
    const [listed] = (await admin.admin.shareLinks.list({ setId: set.id })).filter(
      (l) => l.id === created.id,
    );
    expect(listed?.state).toBe('expired');
  });

  it('is revoked at once', async () => {
    const created = await admin.admin.shareLinks.create({ eventId: event.id });
    const token = tokenOf(created.url);
    expect((await guest.share.open({ token })).status).toBe('open');
    await admin.admin.shareLinks.revoke({ id: created.id });
    expect(await guest.share.open({ token })).toEqual({ status: 'revoked' });
    await expect(guest.share.event({ token })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'This share link was withdrawn.',
    });
  });

  it('answers an unknown token with its own status, not an error', async () => {
    expect(await guest.share.open({ token: 'x'.repeat(43) })).toEqual({ status: 'unknown' });
    await expect(guest.share.event({ token: 'x'.repeat(43) })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('deletes links 30 days after they ended, with their open log', async () => {
    const created = await admin.admin.shareLinks.create({ eventId: otherEvent.id, expiresInDays: 1 });
    await guest.share.open({ token: tokenOf(created.url) });
    now = new Date(now.getTime() + 32 * DAY);
    expect(await admin.admin.shareLinks.list({ eventId: otherEvent.id })).toEqual([]);
    expect(
      await db.select().from(schema.shareLinkOpens).where(eq(schema.shareLinkOpens.linkId, created.id)),
    ).toEqual([]);
  });
});

describe('a link with a password', () => {
  it('stores only a salted hash and opens only with the access key the right password gives', async () => {
    const created = await admin.admin.shareLinks.create({ eventId: event.id, password: 'boat-party-7' });
    const token = tokenOf(created.url);
    const row = await linkRow(created.id);
    expect(row.passwordHash).toMatch(/^scrypt\$/);
    expect(row.passwordHash).not.toContain('boat-party-7');

    expect(await guest.share.open({ token })).toEqual({ status: 'password' });
    await expect(guest.share.event({ token })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(guest.share.event({ token, access: 'made-up' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(guest.share.unlock({ token, password: 'wrong' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    const { access } = await guest.share.unlock({ token, password: 'boat-party-7' });
    expect(access).toEqual(expect.any(String));
    expect((await guest.share.open({ token, access: access ?? '' })).status).toBe('open');
    expect((await guest.share.event({ token, access: access ?? '' })).images).toHaveLength(2);
    // Opening the password page is no open; getting in is.
    expect((await admin.admin.shareLinks.opens({ id: created.id })).openCount).toBe(1);
  });

  it('takes 5 wrong passwords per 15 minutes, then refuses every guess (the right one too) until the window ends', async () => {
    const token = tokenOf(
      (await admin.admin.shareLinks.create({ setId: set.id, password: 'right-password' })).url,
    );
    for (let i = 0; i < 5; i++) {
      await expect(guest.share.unlock({ token, password: `guess-${i}` })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
    }
    await expect(guest.share.unlock({ token, password: 'right-password' })).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
    });
    // Concurrent guesses cannot slip past the limit either.
    const burst = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) => guest.share.unlock({ token, password: `burst-${i}` })),
    );
    expect(burst.every((r) => r.status === 'rejected' && r.reason.code === 'TOO_MANY_REQUESTS')).toBe(true);
    now = new Date(now.getTime() + 15 * 60 * 1000);
    expect((await guest.share.unlock({ token, password: 'right-password' })).access).toEqual(
      expect.any(String),
    );
  });
});
