import { randomUUID } from 'node:crypto';
import {
  recordingJobQueue,
  seedEvent,
  seedImage,
  seedUser,
  useS3Emulator,
  useTestDatabase,
} from '@party/testing';
import { describe, expect, it } from 'vitest';
import { asViewer, callerFor } from './helpers';

/* README, Admin: Overview and publishing → Photo order: the admin's order is the gallery's order. */

const { db } = await useTestDatabase();
const s3 = await useS3Emulator();
const storage = { client: s3.client, bucket: s3.bucket };
const jobs = recordingJobQueue();
const admin = callerFor(db, asViewer(await seedUser(db, { role: 'admin' })), { storage, jobs });
const member = callerFor(db, asViewer(await seedUser(db, { role: 'member' })), { storage, jobs });

async function gallery(slug: string) {
  const event = await seedEvent(db, { slug, title: slug });
  const at = (minute: number) => new Date(Date.UTC(2026, 10, 21, 22, minute));
  // Taken order b, c, a; file order a, b, c; upload order c, a, b.
  const c = await seedImage(db, {
    eventId: event.id,
    originalName: 'c.jpg',
    takenAt: at(2),
    createdAt: at(50),
  });
  const a = await seedImage(db, {
    eventId: event.id,
    originalName: 'a.jpg',
    takenAt: at(3),
    createdAt: at(51),
  });
  const b = await seedImage(db, {
    eventId: event.id,
    originalName: 'b.jpg',
    takenAt: at(1),
    createdAt: at(52),
  });
  for (const image of [a, b, c]) {
    await admin.admin.images.setVisibility({ ids: [image.id], visibility: 'members' });
  }
  const names = async () => {
    const adminList = await admin.admin.images.list({ eventId: event.id });
    const nameOf = new Map(adminList.map((i) => [i.id, i.originalName]));
    return {
      admin: adminList.map((i) => i.originalName),
      // Members are not told file names: their list is matched by id.
      member: (await member.images.list({ eventId: event.id })).map((i) => nameOf.get(i.id)),
    };
  };
  return { event, a, b, c, names };
}

describe('photo order', () => {
  it('is capture time until the admin orders it; then admins and members see the admin order', async () => {
    const { event, a, b, c, names } = await gallery('order-manual');
    expect(await names()).toEqual({
      admin: ['b.jpg', 'c.jpg', 'a.jpg'],
      member: ['b.jpg', 'c.jpg', 'a.jpg'],
    });
    await admin.admin.images.reorder({ eventId: event.id, ids: [a.id, c.id, b.id] });
    expect(await names()).toEqual({
      admin: ['a.jpg', 'c.jpg', 'b.jpg'],
      member: ['a.jpg', 'c.jpg', 'b.jpg'],
    });
    // A photo uploaded after the admin ordered the gallery joins at the end.
    await seedImage(db, { eventId: event.id, originalName: '0-new.jpg', visibility: 'members' });
    expect((await names()).member).toEqual(['a.jpg', 'c.jpg', 'b.jpg', '0-new.jpg']);
  });

  it('sorts once by capture time, file name or upload order', async () => {
    const { event, names } = await gallery('order-sort');
    await admin.admin.images.sort({ eventId: event.id, by: 'fileName' });
    expect((await names()).member).toEqual(['a.jpg', 'b.jpg', 'c.jpg']);
    await admin.admin.images.sort({ eventId: event.id, by: 'uploadOrder' });
    expect((await names()).member).toEqual(['c.jpg', 'a.jpg', 'b.jpg']);
    await admin.admin.images.sort({ eventId: event.id, by: 'takenAt' });
    expect((await names()).admin).toEqual(['b.jpg', 'c.jpg', 'a.jpg']);
  });

  it('refuses a stale or foreign list whole (CONFLICT) and keeps the order; members may not reorder', async () => {
    const { event, a, b, c, names } = await gallery('order-refused');
    const other = await gallery('order-other');
    const before = await names();
    for (const ids of [
      [a.id, b.id],
      [a.id, b.id, c.id, other.a.id],
      [a.id, a.id, b.id],
      [a.id, b.id, other.a.id],
    ]) {
      await expect(admin.admin.images.reorder({ eventId: event.id, ids })).rejects.toMatchObject({
        code: 'CONFLICT',
      });
    }
    expect(await names()).toEqual(before);
    await expect(admin.admin.images.reorder({ eventId: randomUUID(), ids: [] })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(
      member.admin.images.reorder({ eventId: event.id, ids: [c.id, b.id, a.id] }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
