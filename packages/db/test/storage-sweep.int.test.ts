import {
  createUpload,
  findImageVariants,
  imageObjectKeys,
  listRenditions,
  listStoredObjects,
  setEmbeddedCover,
  trackObjectKeys,
} from '@party/db';
import {
  seedEvent,
  seedImage,
  seedMusicSet,
  seedRendition,
  seedTrack,
  seedUser,
  useTestDatabase,
} from '@party/testing';
import { describe, expect, it } from 'vitest';

const { db } = await useTestDatabase();

describe('listStoredObjects', () => {
  it('names every row that owns objects with the keys it owns; only finished rows expect them', async () => {
    const admin = await seedUser(db, { role: 'admin' });
    const event = await seedEvent(db);
    const ready = await seedImage(db, { eventId: event.id });
    const leaving = await seedImage(db, { eventId: event.id, status: 'deleting' });
    const set = await seedMusicSet(db);
    await setEmbeddedCover(db, set.id, `derived/sets/${set.id}/cover.webp`);
    const track = await seedTrack(db, { setId: set.id });
    await seedRendition(db, { trackId: track.id, tier: 'medium' });
    const processing = await seedTrack(db, {
      setId: set.id,
      status: 'processing',
      peaksKey: null,
      peaksDetailKey: null,
    });
    await seedMusicSet(db); // no cover: owns nothing
    const upload = await createUpload(db, {
      id: 'originals/6d1d3f4e-2c55-4c36-8d4f-0f0e0b3c2a11',
      ownerId: admin.id,
      kind: 'image',
      eventId: event.id,
      fileName: 'x.jpg',
      size: 1,
    });

    const { owners, uploadKeys } = await listStoredObjects(db);
    const imageKeys = async (image: typeof ready) =>
      imageObjectKeys(image, await findImageVariants(db, [image.id]));
    const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
    // Rows come in no particular order within a kind.
    expect(owners.map((owner) => owner.kind)).toEqual(['image', 'image', 'track', 'track', 'set']);
    expect([...owners].sort(byId)).toEqual(
      [
        { kind: 'image', id: ready.id, expectsObjects: true, keys: await imageKeys(ready) },
        { kind: 'image', id: leaving.id, expectsObjects: false, keys: await imageKeys(leaving) },
        {
          kind: 'track',
          id: track.id,
          expectsObjects: true,
          keys: trackObjectKeys(track, await listRenditions(db, [track.id])),
        },
        { kind: 'track', id: processing.id, expectsObjects: false, keys: [processing.originalKey] },
        { kind: 'set', id: set.id, expectsObjects: true, keys: [`derived/sets/${set.id}/cover.webp`] },
      ].sort(byId),
    );
    expect(uploadKeys).toEqual([upload.id, `${upload.id}.info`, `${upload.id}.part`]);
  });
});
