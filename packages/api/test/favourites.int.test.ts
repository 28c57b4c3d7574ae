import { schema, setImagesVisibility } from '@party/db';
import { seedEvent, seedImage, seedMusicSet, seedTrack, seedUser, useTestDatabase } from '@party/testing';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { asViewer, callerFor } from './helpers';

const { db } = await useTestDatabase();
const memberRow = await seedUser(db, { role: 'member', email: 'fan@test.local' });
const otherRow = await seedUser(db, { role: 'member', email: 'other@test.local' });
const member = callerFor(db, asViewer(memberRow));
const other = callerFor(db, asViewer(otherRow));

const event = await seedEvent(db, { slug: 'fav-night', title: 'Fav night' });
const photo = await seedImage(db, { eventId: event.id, visibility: 'members' });
const set = await seedMusicSet(db, { visibility: 'members', eventId: event.id });
const track = await seedTrack(db, { setId: set.id, status: 'ready' });

describe('favourites', () => {
  it('keeps photos, sets and moments once each, newest first, only for their owner', async () => {
    await member.favourites.add({ imageId: photo.id });
    await member.favourites.add({ imageId: photo.id });
    await member.favourites.add({ setId: set.id });
    await member.favourites.add({ trackId: track.id, positionSeconds: 3723, label: 'Artist – Tune' });
    await member.favourites.add({ trackId: track.id, positionSeconds: 3723, label: 'Artist – Tune' });
    const list = await member.favourites.list();
    expect(list.photos.map((p) => p.id)).toEqual([photo.id]);
    expect(list.photos[0]?.event).toEqual({ id: event.id, slug: 'fav-night', title: 'Fav night' });
    expect(list.sets.map((s) => s.id)).toEqual([set.id]);
    expect(list.moments).toMatchObject([
      { trackId: track.id, setId: set.id, positionSeconds: 3723, label: 'Artist – Tune' },
    ]);
    const others = await other.favourites.list();
    expect(others).toEqual({ photos: [], sets: [], moments: [] });
  });

  it('hides favourites of things the member can no longer see, and shows them again when published', async () => {
    await member.favourites.add({ imageId: photo.id });
    await member.favourites.add({ setId: set.id });
    await setImagesVisibility(db, { ids: [photo.id], visibility: 'draft' });
    await db.update(schema.musicSets).set({ visibility: 'draft' }).where(eq(schema.musicSets.id, set.id));
    const hidden = await member.favourites.list();
    expect(hidden).toEqual({ photos: [], sets: [], moments: [] });
    await expect(member.favourites.add({ imageId: photo.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await setImagesVisibility(db, { ids: [photo.id], visibility: 'members' });
    await db.update(schema.musicSets).set({ visibility: 'members' }).where(eq(schema.musicSets.id, set.id));
    const back = await member.favourites.list();
    expect(back.photos).toHaveLength(1);
    expect(back.sets).toHaveLength(1);
  });

  it('removes, and refuses moments outside a track or unknown targets', async () => {
    await member.favourites.remove({ imageId: photo.id });
    await member.favourites.remove({ trackId: track.id, positionSeconds: 3723 });
    const list = await member.favourites.list();
    expect(list.photos).toEqual([]);
    expect(list.moments).toEqual([]);
    await expect(member.favourites.add({ trackId: track.id, positionSeconds: -1 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(member.favourites.add({ setId: crypto.randomUUID() })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
