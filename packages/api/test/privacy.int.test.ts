import { addAttendeesByEmail, schema } from '@party/db';
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
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { TAKEDOWNS_PER_DAY } from '../src/privacy/takedown-limit';
import { asViewer, callerFor } from './helpers';

/*
 * README, Privacy: "This is me — hide it" takedowns, photo consent and the download log, through
 * the procedures members and admins call, on a real PostgreSQL.
 */

const { db } = await useTestDatabase();
const s3 = await useS3Emulator();
const storage = { client: s3.client, bucket: s3.bucket };
const jobs = recordingJobQueue();

const adminRow = await seedUser(db, { role: 'admin', name: 'Ada Admin' });
const requesterRow = await seedUser(db, { name: 'Rita Requester', email: 'rita@test.local' });
const otherRow = await seedUser(db, { name: 'Otto Other', email: 'otto@test.local' });
const admin = callerFor(db, asViewer(adminRow), { storage, jobs });
const requester = callerFor(db, asViewer(requesterRow), { storage, jobs });
const other = callerFor(db, asViewer(otherRow), { storage, jobs });

/** An event whose gallery has `count` photos for every member, the first one chosen as cover. */
async function gallery(count = 3) {
  const event = await seedEvent(db);
  const photos = [];
  for (let i = 0; i < count; i++) {
    photos.push(
      await seedImage(db, {
        eventId: event.id,
        visibility: 'members',
        allowOriginalDownload: true,
        takenAt: new Date(Date.UTC(2026, 10, 20, 22, i)),
      }),
    );
  }
  const [cover] = photos;
  if (!cover) throw new Error('no photos');
  await admin.admin.images.setCover({ eventId: event.id, imageId: cover.id });
  return { event, photos, cover };
}

/** Everything a member can learn about an event's gallery, photo by photo and on its card. */
async function whatMemberSees(caller: typeof other, eventId: string) {
  const listed = await caller.images.list({ eventId });
  const card = (await caller.events.list()).find((e) => e.id === eventId);
  return {
    ids: listed.map((p) => p.id),
    count: card?.imageCount ?? 0,
    coverUrl: card?.cover?.url ?? null,
    urls: listed.flatMap((p) => [p.thumbUrl, p.previewUrl]),
  };
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: { code?: string }) => error.code ?? 'thrown',
  );

describe('"This is me — hide it"', () => {
  it('hides the photo from every other member at once: list, count, cover, downloads, URLs', async () => {
    const { event, photos, cover } = await gallery();
    const before = await whatMemberSees(other, event.id);
    expect(before.ids).toHaveLength(3);
    expect(before.coverUrl).toContain(cover.id);

    await requester.images.hide({ id: cover.id, reason: 'I am in the front, please not online' });

    const after = await whatMemberSees(other, event.id);
    expect(after.ids).toEqual(photos.slice(1).map((p) => p.id));
    expect(after.count).toBe(2);
    // The card falls back to the next photo: the admin's chosen cover is hidden now.
    expect(after.coverUrl).toContain(photos[1]?.id);
    expect(after.coverUrl).not.toContain(cover.id);
    expect(after.urls.join(' ')).not.toContain(cover.id);
    for (const kind of ['original', 'preview'] as const) {
      expect(await codeOf(other.images.download({ id: cover.id, kind }))).toBe('NOT_FOUND');
      expect(await codeOf(requester.images.download({ id: cover.id, kind }))).toBe('NOT_FOUND');
    }
    // Asking again about a photo one cannot see reveals nothing either.
    expect(await codeOf(other.images.hide({ id: cover.id }))).toBe('NOT_FOUND');
    expect(await codeOf(requester.images.hide({ id: cover.id }))).toBe('NOT_FOUND');
  });

  it('hides the whole event card when the hidden photo was its only visible one', async () => {
    const { event, cover } = await gallery(1);
    await requester.images.hide({ id: cover.id });
    expect((await other.events.list()).map((e) => e.id)).not.toContain(event.id);
    expect(await codeOf(other.events.bySlug({ slug: event.slug }))).toBe('NOT_FOUND');
  });

  it('leaves the photo to admins, marked hidden, with who asked and why in the queue', async () => {
    const { event, cover } = await gallery();
    await requester.images.hide({ id: cover.id, reason: 'That is me' });
    const adminGrid = await admin.admin.images.list({ eventId: event.id });
    expect(adminGrid.find((p) => p.id === cover.id)).toMatchObject({ hidden: true });
    expect(adminGrid.filter((p) => p.hidden)).toHaveLength(1);
    expect((await admin.images.list({ eventId: event.id })).map((p) => p.id)).toContain(cover.id);
    expect((await admin.admin.events.list()).find((e) => e.id === event.id)?.hiddenCount).toBe(1);

    const queue = await admin.admin.takedowns.list();
    const entry = queue.find((r) => r.image?.id === cover.id);
    expect(entry).toMatchObject({
      state: 'open',
      reason: 'That is me',
      requester: { id: requesterRow.id, name: 'Rita Requester', email: 'rita@test.local' },
      event: { id: event.id, title: event.title },
      image: { hidden: true },
    });
    expect(entry?.image?.thumbUrl).toContain(cover.id);
  });

  it('restore: visible again, and the requester reads the state and the note', async () => {
    const { event, cover } = await gallery();
    const { id } = await requester.images.hide({ id: cover.id, reason: 'me' });
    expect((await requester.account.takedowns()).find((r) => r.id === id)).toMatchObject({
      state: 'open',
      reason: 'me',
      adminNote: null,
      event: { title: event.title },
    });

    await admin.admin.takedowns.decide({
      id,
      decision: 'restore',
      note: 'This is someone else in a similar jacket.',
    });

    const seen = await whatMemberSees(other, event.id);
    expect(seen.ids).toContain(cover.id);
    expect(seen.coverUrl).toContain(cover.id);
    expect((await requester.account.takedowns()).find((r) => r.id === id)).toMatchObject({
      state: 'restored',
      adminNote: 'This is someone else in a similar jacket.',
    });
    // Settled: no second decision on it, and it left the open queue.
    expect(await codeOf(admin.admin.takedowns.decide({ id, decision: 'delete' }))).toBe(
      'PRECONDITION_FAILED',
    );
    expect((await admin.admin.takedowns.list()).map((r) => r.id)).not.toContain(id);
    expect((await admin.admin.takedowns.list({ show: 'all' })).find((r) => r.id === id)).toMatchObject({
      state: 'restored',
      decidedByName: 'Ada Admin',
    });
  });

  it('keep hidden: stays hidden, an admin may still restore it later', async () => {
    const { event, cover } = await gallery();
    const { id } = await requester.images.hide({ id: cover.id });
    await admin.admin.takedowns.decide({ id, decision: 'keep-hidden', note: 'Hidden for good.' });
    expect((await whatMemberSees(other, event.id)).ids).not.toContain(cover.id);
    expect((await requester.account.takedowns()).find((r) => r.id === id)).toMatchObject({
      state: 'kept-hidden',
      adminNote: 'Hidden for good.',
    });
    await admin.admin.takedowns.decide({ id, decision: 'restore' });
    expect((await whatMemberSees(other, event.id)).ids).toContain(cover.id);
  });

  it('delete: the photo goes the normal deletion way, the requester sees "deleted"', async () => {
    const { event, cover } = await gallery();
    const { id } = await requester.images.hide({ id: cover.id });
    jobs.sent.length = 0;
    await admin.admin.takedowns.decide({ id, decision: 'delete', note: 'Deleted.' });
    expect(jobs.sent).toEqual([{ name: 'delete-images', payload: { imageIds: [cover.id] } }]);
    const [row] = await db.select().from(schema.images).where(eq(schema.images.id, cover.id));
    expect(row?.status).toBe('deleting');
    // What the deletion job does once the objects are gone: the row goes, the request stays.
    await db.delete(schema.images).where(eq(schema.images.id, cover.id));
    expect((await whatMemberSees(other, event.id)).ids).not.toContain(cover.id);
    expect((await requester.account.takedowns()).find((r) => r.id === id)).toMatchObject({
      state: 'deleted',
      adminNote: 'Deleted.',
      event: { title: event.title },
    });
  });

  it('one decision settles every request about the same photo', async () => {
    const { cover } = await gallery();
    const first = await requester.images.hide({ id: cover.id });
    // A second person in the photo asks too: the admin can still see it, so it is asked as admin.
    const second = await admin.images.hide({ id: cover.id, reason: 'Both of us' });
    await admin.admin.takedowns.decide({ id: first.id, decision: 'keep-hidden', note: 'Kept.' });
    const all = await admin.admin.takedowns.list({ show: 'all' });
    expect(all.filter((r) => r.id === first.id || r.id === second.id).map((r) => r.state)).toEqual([
      'kept-hidden',
      'kept-hidden',
    ]);
  });

  it(`allows ${TAKEDOWNS_PER_DAY} requests per member in any 24 hours, then TOO_MANY_REQUESTS`, async () => {
    const busy = await seedUser(db);
    const caller = callerFor(db, asViewer(busy), { storage, jobs });
    const { photos } = await gallery(TAKEDOWNS_PER_DAY + 2);
    for (const photo of photos.slice(0, TAKEDOWNS_PER_DAY)) await caller.images.hide({ id: photo.id });
    const over = photos[TAKEDOWNS_PER_DAY];
    if (!over) throw new Error('not enough photos');
    await expect(caller.images.hide({ id: over.id })).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      message: expect.stringContaining(`${TAKEDOWNS_PER_DAY} photos in the last 24 hours`),
    });
    // The refused request hid nothing.
    expect((await other.images.list({ eventId: over.eventId })).map((p) => p.id)).toContain(over.id);
    // Another member is not affected by this member's count.
    await requester.images.hide({ id: over.id });

    // A day later the oldest requests no longer count.
    await db
      .update(schema.takedownRequests)
      .set({ createdAt: sql`now() - interval '25 hours'` })
      .where(eq(schema.takedownRequests.requesterId, busy.id));
    const last = photos[TAKEDOWNS_PER_DAY + 1];
    if (!last) throw new Error('not enough photos');
    await expect(caller.images.hide({ id: last.id })).resolves.toMatchObject({ state: 'open' });
  });

  it('counts parallel requests against the limit exactly', async () => {
    const racer = await seedUser(db);
    const caller = callerFor(db, asViewer(racer), { storage, jobs });
    const { photos } = await gallery(TAKEDOWNS_PER_DAY + 5);
    const results = await Promise.all(photos.map((photo) => codeOf(caller.images.hide({ id: photo.id }))));
    expect(results.filter((r) => r === 'ok')).toHaveLength(TAKEDOWNS_PER_DAY);
    expect(results.filter((r) => r === 'TOO_MANY_REQUESTS')).toHaveLength(5);
  });

  it('refuses a reason longer than 500 characters', async () => {
    const { cover } = await gallery(1);
    expect(await codeOf(requester.images.hide({ id: cover.id, reason: 'x'.repeat(501) }))).toBe(
      'BAD_REQUEST',
    );
  });
});

describe('photo consent', () => {
  it('is "fine" until the member changes it, and only for themselves', async () => {
    const member = await seedUser(db);
    const caller = callerFor(db, asViewer(member), { storage, jobs });
    expect(await caller.account.privacy()).toEqual({ photoConsent: 'fine', mailNotices: true });
    await caller.account.setPhotoConsent({ photoConsent: 'never' });
    expect(await caller.account.privacy()).toEqual({ photoConsent: 'never', mailNotices: true });
    expect(await other.account.privacy()).toEqual({ photoConsent: 'fine', mailNotices: true });
    expect(await codeOf(caller.account.setPhotoConsent({ photoConsent: 'maybe' as 'never' }))).toBe(
      'BAD_REQUEST',
    );
  });

  it("shows admins each attendee's consent and the counts before publishing", async () => {
    const event = await seedEvent(db);
    const people = await Promise.all(
      ['fine', 'never', 'never', 'never', 'ask-first'].map((_, i) =>
        seedUser(db, { email: `consent-${i}-${event.slug}@test.local` }),
      ),
    );
    await addAttendeesByEmail(
      db,
      event.id,
      people.map((p) => p.email),
    );
    const consents = ['fine', 'never', 'never', 'never', 'ask-first'] as const;
    for (const [i, person] of people.entries()) {
      const consent = consents[i];
      if (consent) await callerFor(db, asViewer(person)).account.setPhotoConsent({ photoConsent: consent });
    }
    expect(await admin.admin.events.consentSummary({ id: event.id })).toEqual({
      attendees: 5,
      never: 3,
      askFirst: 1,
    });
    const attendees = await admin.admin.events.attendees.list({ id: event.id });
    expect(Object.fromEntries(attendees.map((a) => [a.email, a.photoConsent]))).toEqual(
      Object.fromEntries(people.map((p, i) => [p.email, consents[i]])),
    );
    expect(await admin.admin.events.consentSummary({ id: (await seedEvent(db)).id })).toEqual({
      attendees: 0,
      never: 0,
      askFirst: 0,
    });
  });
});

describe('download log', () => {
  it('logs every original photo download URL handed out (who, what, when), not previews', async () => {
    const { cover } = await gallery(1);
    const before = new Date(Date.now() - 1000);
    await other.images.download({ id: cover.id, kind: 'original' });
    await other.images.download({ id: cover.id, kind: 'preview' });
    await admin.images.download({ id: cover.id, kind: 'original' });
    const log = await admin.admin.downloads.list({ imageId: cover.id });
    expect(log.map((e) => [e.kind, e.user.email])).toEqual([
      ['photo-original', adminRow.email],
      ['photo-original', 'otto@test.local'],
    ]);
    expect(log.every((e) => e.createdAt >= before)).toBe(true);
  });

  it('does not log a refused original (not offered for download)', async () => {
    const event = await seedEvent(db);
    const photo = await seedImage(db, {
      eventId: event.id,
      visibility: 'members',
      allowOriginalDownload: false,
    });
    expect(await codeOf(other.images.download({ id: photo.id, kind: 'original' }))).toBe('FORBIDDEN');
    expect(await admin.admin.downloads.list({ imageId: photo.id })).toEqual([]);
  });

  it('logs lossless track downloads (original and FLAC copy) per track', async () => {
    const set = await seedMusicSet(db, { visibility: 'members' });
    const track = await seedTrack(db, { setId: set.id, status: 'ready' });
    const otherTrack = await seedTrack(db, { setId: set.id, status: 'ready', position: 2 });
    await seedRendition(db, { trackId: track.id, tier: 'flac' });
    await other.tracks.downloadUrl({ trackId: track.id, kind: 'original' });
    await requester.tracks.downloadUrl({ trackId: track.id, kind: 'flac' });
    await other.tracks.streamUrl({ trackId: track.id, tier: 'medium' });
    const log = await admin.admin.downloads.list({ trackId: track.id });
    expect(log.map((e) => [e.kind, e.user.name]).sort()).toEqual([
      ['track-flac', 'Rita Requester'],
      ['track-original', 'Otto Other'],
    ]);
    expect(await admin.admin.downloads.list({ trackId: otherTrack.id })).toEqual([]);
  });

  it('is for admins only', async () => {
    const { cover } = await gallery(1);
    expect(await codeOf(other.admin.downloads.list({ imageId: cover.id }))).toBe('FORBIDDEN');
  });
});
