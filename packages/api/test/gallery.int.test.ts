import { randomUUID } from 'node:crypto';
import { addAttendeesByEmail, schema } from '@party/db';
import {
  recordingJobQueue,
  seedEvent,
  seedImage,
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

const adminRow = await seedUser(db, { role: 'admin' });
const attendeeRow = await seedUser(db, { role: 'member', email: 'attendee@test.local' });
const outsiderRow = await seedUser(db, { role: 'member', email: 'outsider@test.local' });
const admin = callerFor(db, asViewer(adminRow), { storage, jobs });
const attendee = callerFor(db, asViewer(attendeeRow), { storage, jobs });
const outsider = callerFor(db, asViewer(outsiderRow), { storage, jobs });

const event = await seedEvent(db, { slug: 'warehouse-night', title: 'Warehouse night' });
await addAttendeesByEmail(db, event.id, ['attendee@test.local']);
const draft = await seedImage(db, { eventId: event.id, visibility: 'draft' });
const forAttendees = await seedImage(db, { eventId: event.id, visibility: 'attendees' });
const forMembers = await seedImage(db, {
  eventId: event.id,
  visibility: 'members',
  allowOriginalDownload: true,
});
const stillProcessing = await seedImage(db, {
  eventId: event.id,
  visibility: 'members',
  status: 'processing',
});

describe('visibility', () => {
  it('shows members only what they may see, attendees a little more', async () => {
    const outsiderIds = (await outsider.images.list({ eventId: event.id })).map((i) => i.id);
    expect(outsiderIds).toEqual([forMembers.id]);
    const attendeeIds = (await attendee.images.list({ eventId: event.id })).map((i) => i.id).sort();
    expect(attendeeIds).toEqual([forAttendees.id, forMembers.id].sort());
    const adminIds = (await admin.admin.images.list({ eventId: event.id })).map((i) => i.id);
    expect(adminIds).toEqual(
      expect.arrayContaining([draft.id, forAttendees.id, forMembers.id, stillProcessing.id]),
    );
  });

  it('answers NOT_FOUND (not FORBIDDEN) for a draft image and for an attendees image of an event not attended', async () => {
    await expect(outsider.images.download({ id: draft.id, kind: 'preview' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(attendee.images.download({ id: draft.id, kind: 'preview' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(outsider.images.download({ id: forAttendees.id, kind: 'preview' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(attendee.images.download({ id: forAttendees.id, kind: 'preview' })).resolves.toHaveProperty(
      'url',
    );
  });

  it('offers the original only where the admin allowed it', async () => {
    await expect(attendee.images.download({ id: forAttendees.id, kind: 'original' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const original = await outsider.images.download({ id: forMembers.id, kind: 'original' });
    const url = new URL(original.url);
    expect(url.pathname).toBe(`/${s3.bucket}/${forMembers.originalKey}`);
    expect(url.searchParams.get('response-content-disposition')).toContain(
      'attachment; filename="photo.jpg"',
    );
  });

  it('lists only events with something visible, and hides the rest as NOT_FOUND', async () => {
    const hidden = await seedEvent(db, { slug: 'secret-night' });
    await seedImage(db, { eventId: hidden.id, visibility: 'draft' });
    expect((await outsider.events.list()).map((e) => e.slug)).toEqual(['warehouse-night']);
    await expect(outsider.events.bySlug({ slug: 'secret-night' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(outsider.events.bySlug({ slug: 'warehouse-night' })).resolves.toMatchObject({
      title: 'Warehouse night',
    });
  });

  it("covers each event with the admin's choice where the viewer may see it, else their first photo", async () => {
    const night = await seedEvent(db, { slug: 'cover-night' });
    await addAttendeesByEmail(db, night.id, ['attendee@test.local']);
    const early = await seedImage(db, {
      eventId: night.id,
      visibility: 'members',
      takenAt: new Date('2026-01-01T22:00:00Z'),
    });
    const chosen = await seedImage(db, {
      eventId: night.id,
      visibility: 'attendees',
      takenAt: new Date('2026-01-01T23:00:00Z'),
    });
    await admin.admin.images.setCover({ eventId: night.id, imageId: chosen.id });
    const coverOf = async (caller: typeof outsider) =>
      (await caller.events.list()).find((e) => e.id === night.id)?.cover;

    const attendeeCover = await coverOf(attendee);
    expect(new URL(attendeeCover?.url ?? '').pathname).toBe(
      `/${s3.bucket}/derived/images/${chosen.id}/thumb.webp`,
    );
    expect(attendeeCover).toMatchObject({ width: chosen.width, height: chosen.height });
    // The chosen cover is for attendees only: an outsider sees the first photo they may see.
    expect(new URL((await coverOf(outsider))?.url ?? '').pathname).toBe(
      `/${s3.bucket}/derived/images/${early.id}/thumb.webp`,
    );
    // Without a visible photo there is no event to list, and no cover to leak.
    await admin.admin.images.setVisibility({ ids: [early.id], visibility: 'draft' });
    expect(await coverOf(outsider)).toBeUndefined();
  });

  it('presigns path-style URLs that are identical within one signing window', async () => {
    const [first] = await outsider.images.list({ eventId: event.id });
    const [second] = await outsider.images.list({ eventId: event.id });
    expect(first?.thumbUrl).toBeTruthy();
    // Equal unless the 5-minute signing window turned over between the two calls.
    const sameWindow = Math.floor(Date.now() / 300_000) === Math.floor((Date.now() - 50) / 300_000);
    if (sameWindow) expect(first?.thumbUrl).toBe(second?.thumbUrl);
    const url = new URL(first?.thumbUrl ?? '');
    expect(url.pathname.startsWith(`/${s3.bucket}/derived/images/`)).toBe(true);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.searchParams.get('response-cache-control')).toBe('private, max-age=600');
  });
});

describe('admin actions', () => {
  it('counts failed photos per event, leaving out flagged duplicates', async () => {
    const night = await seedEvent(db);
    const kept = await seedImage(db, { eventId: night.id });
    await seedImage(db, { eventId: night.id, status: 'failed', failureReason: 'not a photo' });
    await seedImage(db, { eventId: night.id, status: 'failed', duplicateOf: kept.id });
    const listed = (await admin.admin.events.list()).find((e) => e.id === night.id);
    expect(listed).toMatchObject({ imageCount: 3, readyCount: 1, failedCount: 1 });
  });

  it('changes visibility for a selection and for a whole event', async () => {
    const other = await seedEvent(db);
    const a = await seedImage(db, { eventId: other.id });
    const b = await seedImage(db, { eventId: other.id });
    await expect(admin.admin.images.setVisibility({ ids: [a.id], visibility: 'members' })).resolves.toEqual({
      updated: 1,
      // Nobody is told unless the admin asks for notices (`notify`).
      notified: 0,
    });
    await expect(
      admin.admin.images.setVisibility({ eventId: other.id, visibility: 'attendees' }),
    ).resolves.toEqual({
      updated: 2,
      notified: 0,
    });
    const rows = await db.select().from(schema.images).where(eq(schema.images.eventId, other.id));
    expect(rows.map((r) => r.visibility)).toEqual(['attendees', 'attendees']);
    await expect(
      attendee.admin.images.setVisibility({ ids: [b.id], visibility: 'members' }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('deletes by hiding at once and queueing the S3-first deletion', async () => {
    const other = await seedEvent(db);
    const doomed = await seedImage(db, { eventId: other.id, visibility: 'members' });
    await admin.admin.images.delete({ ids: [doomed.id] });
    expect(jobs.sent.at(-1)).toEqual({ name: 'delete-images', payload: { imageIds: [doomed.id] } });
    expect((await outsider.images.list({ eventId: other.id })).length).toBe(0);
    await expect(admin.admin.events.delete({ id: other.id })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
    });
  });

  it('creates events with unique addresses and reports unknown attendee e-mails', async () => {
    const created = await admin.admin.events.create({
      title: 'Summer rave',
      slug: 'summer-rave',
      eventDate: '2026-07-01',
    });
    await expect(
      admin.admin.events.create({ title: 'Again', slug: 'summer-rave', eventDate: '2026-07-02' }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(
      admin.admin.events.create({ title: 'Bad', slug: 'Not A Slug', eventDate: '2026-07-02' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const result = await admin.admin.events.attendees.add({
      eventId: created.id,
      emails: 'Attendee@test.local, nobody@test.local;\nnot-an-email',
    });
    expect(result).toEqual({ added: 1, unknown: ['nobody@test.local'], invalid: ['not-an-email'] });
    expect((await admin.admin.events.attendees.list({ id: created.id })).map((a) => a.email)).toEqual([
      'attendee@test.local',
    ]);
    await expect(admin.admin.events.delete({ id: created.id })).resolves.toEqual({ id: created.id });
  });
});

describe('admin.images: refused and failed photos', () => {
  it('offers Retry only for a passing failure, and names the upload each photo came from', async () => {
    const failedEvent = await seedEvent(db);
    const uploadUuid = randomUUID();
    const refused = await seedImage(db, {
      eventId: failedEvent.id,
      status: 'failed',
      failureReason: 'This file is not an image.',
      failureRetryable: false,
      uploadId: `originals/${uploadUuid}`,
    });
    const passing = await seedImage(db, {
      eventId: failedEvent.id,
      status: 'failed',
      failureReason: 'Storage did not answer.',
    });
    const list = await admin.admin.images.list({ eventId: failedEvent.id });
    expect(list.find((i) => i.id === refused.id)).toMatchObject({ retryable: false, uploadId: uploadUuid });
    expect(list.find((i) => i.id === passing.id)).toMatchObject({ retryable: true, uploadId: null });

    await expect(admin.admin.images.retry({ id: refused.id })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringMatching(/Remove it instead/),
    });
    await expect(admin.admin.images.retry({ id: passing.id })).resolves.toEqual({ ok: true });
    // Remove is the ordinary delete.
    await expect(admin.admin.images.delete({ ids: [refused.id] })).resolves.toEqual({ deleting: 1 });
  });
});
