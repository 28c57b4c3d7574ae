import { randomUUID } from 'node:crypto';
import {
  addAttendeesByEmail,
  createImage,
  deleteImageRows,
  findDuplicateImage,
  findEventById,
  findImageById,
  findImageVariants,
  findVisibleImage,
  imageObjectKeys,
  listEventCovers,
  listImagesDeleting,
  listImagesStuckDeleting,
  listVisibleEventImages,
  markImageDuplicate,
  markImagesDeleting,
  resetImageForRetry,
  setImagesVisibility,
  updateEvent,
  type ViewerScope,
  type Visibility,
} from '@party/db';
import { seedEvent, seedImage, seedUser, useTestDatabase } from '@party/testing';
import { describe, expect, it } from 'vitest';

const { db } = await useTestDatabase();

const adminRow = await seedUser(db, { role: 'admin' });
const attendeeRow = await seedUser(db);
const memberRow = await seedUser(db);
const admin: ViewerScope = { userId: adminRow.id, role: 'admin' };
const attendee: ViewerScope = { userId: attendeeRow.id, role: 'member' };
const member: ViewerScope = { userId: memberRow.id, role: 'member' };
const event = await seedEvent(db);
await addAttendeesByEmail(db, event.id, [attendeeRow.email]);

const at = (minute: number) => new Date(Date.UTC(2026, 5, 1, 22, minute));
const byVisibility = async (visibility: Visibility, minute: number) =>
  seedImage(db, { eventId: event.id, visibility, takenAt: at(minute) });
const draft = await byVisibility('draft', 1);
const forAttendees = await byVisibility('attendees', 2);
const forMembers = await byVisibility('members', 3);
const cases = [
  { name: 'admin', viewer: admin, sees: [draft.id, forAttendees.id, forMembers.id] },
  { name: 'attendee', viewer: attendee, sees: [forAttendees.id, forMembers.id] },
  { name: 'member', viewer: member, sees: [forMembers.id] },
];

describe('visibility of images', () => {
  it.each(cases)(
    '$name sees exactly the photos their visibility allows, in the order taken',
    async ({ viewer, sees }) => {
      expect((await listVisibleEventImages(db, viewer, event.id)).map((image) => image.id)).toEqual(sees);
      for (const image of [draft, forAttendees, forMembers]) {
        expect((await findVisibleImage(db, viewer, image.id))?.id, image.visibility).toBe(
          sees.includes(image.id) ? image.id : undefined,
        );
      }
    },
  );

  it('shows no photo that is not ready, whatever its visibility', async () => {
    const other = await seedEvent(db);
    const processing = await seedImage(db, {
      eventId: other.id,
      visibility: 'members',
      status: 'processing',
    });
    expect(await listVisibleEventImages(db, admin, other.id)).toEqual([]);
    expect(await findVisibleImage(db, admin, processing.id)).toBeUndefined();
  });

  it("covers an event with the admin's choice when the viewer may see it, else the first photo they see", async () => {
    const other = await seedEvent(db);
    await addAttendeesByEmail(db, other.id, [attendeeRow.email]);
    const first = await seedImage(db, { eventId: other.id, visibility: 'members', takenAt: at(5) });
    const chosen = await seedImage(db, { eventId: other.id, visibility: 'attendees', takenAt: at(9) });
    await updateEvent(db, other.id, { coverImageId: chosen.id });
    const coverFor = async (viewer: ViewerScope) => (await listEventCovers(db, viewer, [other.id]))[0]?.id;
    expect(await coverFor(attendee)).toBe(chosen.id);
    expect(await coverFor(member)).toBe(first.id);
    expect(await listEventCovers(db, member, [(await seedEvent(db)).id])).toEqual([]);
  });

  it('changes visibility of the given photos, never of one being deleted', async () => {
    const other = await seedEvent(db);
    const kept = await seedImage(db, { eventId: other.id });
    const leaving = await seedImage(db, { eventId: other.id, status: 'deleting' });
    expect(await setImagesVisibility(db, { eventId: other.id, visibility: 'members' })).toBe(1);
    expect((await findImageById(db, kept.id))?.visibility).toBe('members');
    expect((await findImageById(db, leaving.id))?.visibility).toBe('draft');
  });
});

describe('images', () => {
  it('creates one image per upload', async () => {
    const input = {
      eventId: event.id,
      uploadId: `originals/${randomUUID()}`,
      originalKey: `originals/${randomUUID()}`,
      originalName: 'a.jpg',
      bytes: 10,
      createdBy: adminRow.id,
    };
    const created = await createImage(db, input);
    expect(created.status).toBe('processing');
    expect((await createImage(db, input)).id).toBe(created.id);
  });

  it('finds the earlier copy of the same bytes; a flagged duplicate is never retried', async () => {
    const sha256 = 'cd'.repeat(32);
    const first = await seedImage(db, { eventId: event.id, sha256 });
    const second = await seedImage(db, { eventId: event.id, status: 'processing' });
    expect((await findDuplicateImage(db, { eventId: event.id, sha256, exceptId: second.id }))?.id).toBe(
      first.id,
    );
    expect(await findDuplicateImage(db, { eventId: event.id, sha256, exceptId: first.id })).toBeUndefined();
    await markImageDuplicate(db, second.id, first.id, sha256);
    expect(await findImageById(db, second.id)).toMatchObject({ status: 'failed', duplicateOf: first.id });
    expect(await resetImageForRetry(db, second.id)).toBe(false);
  });

  it('deletion hands out every key an image owns (imageObjectKeys), then rows go and covers are cleared', async () => {
    const other = await seedEvent(db);
    const image = await seedImage(db, { eventId: other.id });
    const untouched = await seedImage(db, { eventId: other.id });
    await updateEvent(db, other.id, { coverImageId: image.id });
    const variants = await findImageVariants(db, [image.id]);
    expect(variants).toHaveLength(2);

    expect(await listImagesDeleting(db, [image.id])).toEqual([]);
    const marked = await markImagesDeleting(db, [image.id]);
    expect(marked).toEqual([
      { id: image.id, eventId: other.id, keys: [image.originalKey, ...variants.map((v) => v.key)] },
    ]);
    expect(marked[0]?.keys).toEqual(imageObjectKeys(image, variants));
    expect(await listImagesDeleting(db, [image.id, untouched.id])).toEqual([
      { id: image.id, keys: marked[0]?.keys },
    ]);
    expect(await listImagesStuckDeleting(db, new Date(Date.now() - 60_000))).not.toContain(image.id);
    expect(await listImagesStuckDeleting(db, new Date(Date.now() + 60_000))).toContain(image.id);

    await deleteImageRows(db, [image.id]);
    expect(await findImageById(db, image.id)).toBeUndefined();
    expect(await findImageVariants(db, [image.id])).toEqual([]);
    expect((await findEventById(db, other.id))?.coverImageId).toBeNull();
    expect((await findImageById(db, untouched.id))?.status).toBe('ready');
  });
});
