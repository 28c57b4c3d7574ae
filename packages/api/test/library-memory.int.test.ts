import {
  addAttendeesByEmail,
  createDatabase,
  type Database,
  findVisibleMusicSet,
  listEventCovers,
  listVisibleEventImages,
  listVisibleEvents,
  readLibraryState,
  replaceCuePoints,
  saveListeningPosition,
  schema,
  type ViewerScope,
} from '@party/db';
import { createMediaDelivery } from '@party/storage';
import {
  seedEvent,
  seedImage,
  seedMusicSet,
  seedRendition,
  seedTrack,
  seedUser,
  useTestDatabase,
} from '@party/testing';
import { eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { setDetail } from '../src/media/set-detail';
import { asViewer, callerFor, MEDIA_TOKEN_KEY, unusedStorage } from './helpers';

// Two pools on one database stand for two API processes: each has a library memory of its own.
const { db, url } = await useTestDatabase();
const other = createDatabase(url, { max: 2 });
afterAll(() => other.close());

const adminRow = await seedUser(db, { role: 'admin' });
const attendeeRow = await seedUser(db, { role: 'member', email: 'attendee@memory.test' });
const outsiderRow = await seedUser(db, { role: 'member', email: 'outsider@memory.test' });
const viewers = [adminRow, attendeeRow, outsiderRow];

const night = await seedEvent(db, { title: 'Night', eventDate: '2026-11-20' });
const day = await seedEvent(db, { title: 'Day', eventDate: '2026-11-21' });
await addAttendeesByEmail(db, night.id, [attendeeRow.email]);
const photos = {
  members: await seedImage(db, { eventId: night.id, visibility: 'members', originalName: 'b.jpg' }),
  attendees: await seedImage(db, { eventId: night.id, visibility: 'attendees', originalName: 'a.jpg' }),
  draft: await seedImage(db, { eventId: night.id, visibility: 'draft' }),
  dayMembers: await seedImage(db, { eventId: day.id, visibility: 'members' }),
};

/** What events.list and images.list answer without any memory: the queries for one viewer. */
async function direct(database: Database, scope: ViewerScope) {
  const events = await listVisibleEvents(database, scope);
  const covers = await listEventCovers(
    database,
    scope,
    events.map((row) => row.event.id),
  );
  return {
    events: events.map(({ event, imageCount }) => ({
      id: event.id,
      title: event.title,
      imageCount,
      cover: covers.find((cover) => cover.eventId === event.id)?.id ?? null,
    })),
    images: {
      night: (await listVisibleEventImages(database, scope, night.id)).map((image) => image.id),
      day: (await listVisibleEventImages(database, scope, day.id)).map((image) => image.id),
    },
  };
}

/** The same, through the procedures (and so through the process's gallery memory). */
async function remembered(database: Database, viewer: (typeof viewers)[number]) {
  const caller = callerFor(database, asViewer(viewer));
  const events = await caller.events.list();
  // The cover is named by its thumbnail's key, which holds the photo's id.
  const photoOfThumb = (thumbUrl: string | null) =>
    /derived\/images\/([0-9a-f-]{36})\//.exec(thumbUrl ?? '')?.[1] ?? 'no thumbnail';
  return {
    events: events.map((event) => ({
      id: event.id,
      title: event.title,
      imageCount: event.imageCount,
      cover: event.cover ? photoOfThumb(event.cover.url) : null,
    })),
    images: {
      night: (await caller.images.list({ eventId: night.id })).map((image) => image.id),
      day: (await caller.images.list({ eventId: day.id })).map((image) => image.id),
    },
  };
}

/** Every viewer sees on both "processes" what the queries say, after each change. */
async function expectBothProcessesCurrent(change: string) {
  for (const viewer of viewers) {
    const scope: ViewerScope = { userId: viewer.id, role: viewer.role };
    const expected = await direct(db, scope);
    expect(await remembered(db, viewer), `${change}, ${viewer.email}`).toEqual(expected);
    expect(await remembered(other.db, viewer), `${change}, ${viewer.email} (second process)`).toEqual(
      expected,
    );
  }
}

const version = async () => (await readLibraryState(db, null)).version;

describe('galleries from memory (events.list, images.list)', () => {
  it('answers what the queries answer, and after every kind of change the next call on any process sees it', async () => {
    await expectBothProcessesCurrent('at first');
    const changes: Array<[string, () => Promise<unknown>]> = [
      [
        'a draft published',
        () =>
          db
            .update(schema.images)
            .set({ visibility: 'members' })
            .where(eq(schema.images.id, photos.draft.id)),
      ],
      [
        'a photo hidden ("this is me")',
        () =>
          db
            .update(schema.images)
            .set({ hiddenAt: new Date() })
            .where(eq(schema.images.id, photos.members.id)),
      ],
      [
        'the cover chosen',
        () =>
          db
            .update(schema.events)
            .set({ coverImageId: photos.attendees.id })
            .where(eq(schema.events.id, night.id)),
      ],
      [
        'the event renamed',
        () => db.update(schema.events).set({ title: 'Long night' }).where(eq(schema.events.id, night.id)),
      ],
      ['an attendee added', () => addAttendeesByEmail(db, day.id, [outsiderRow.email])],
      [
        'attendees-only on the day',
        () =>
          db
            .update(schema.images)
            .set({ visibility: 'attendees' })
            .where(eq(schema.images.id, photos.dayMembers.id)),
      ],
      [
        'an attendee removed',
        () => db.delete(schema.eventAttendees).where(eq(schema.eventAttendees.userId, outsiderRow.id)),
      ],
      [
        'the photos reordered',
        () => db.update(schema.images).set({ position: 0 }).where(eq(schema.images.id, photos.draft.id)),
      ],
      [
        'a new photo processed',
        () =>
          seedImage(db, { eventId: day.id, visibility: 'members', status: 'processing' }).then((image) =>
            db.update(schema.images).set({ status: 'ready' }).where(eq(schema.images.id, image.id)),
          ),
      ],
      [
        'a thumbnail replaced',
        () =>
          db
            .update(schema.imageVariants)
            .set({ key: `derived/images/${photos.attendees.id}/thumb-2.webp` })
            .where(
              sql`${schema.imageVariants.imageId} = ${photos.attendees.id} and ${schema.imageVariants.variant} = 'thumb'`,
            ),
      ],
      ['a photo deleted', () => db.delete(schema.images).where(eq(schema.images.id, photos.attendees.id))],
    ];
    for (const [change, run] of changes) {
      const before = await version();
      await run();
      expect(await version(), change).toBeGreaterThan(before);
      await expectBothProcessesCurrent(change);
    }
  });

  it('keeps its version when processing only reports progress, and raises it once per transaction', async () => {
    const before = await version();
    await db
      .update(schema.images)
      .set({ progress: 42, updatedAt: new Date() })
      .where(eq(schema.images.eventId, night.id));
    expect(await version()).toBe(before);
    await db.transaction(async (tx) => {
      await tx
        .update(schema.images)
        .set({ visibility: 'members' })
        .where(eq(schema.images.eventId, night.id));
      await tx.update(schema.events).set({ venue: 'Hall' }).where(eq(schema.events.id, night.id));
      // Raised at the commit: inside the transaction the old version still shows.
      expect((await readLibraryState(tx as unknown as Database, null)).version).toBe(before);
    });
    expect(await version()).toBe(before + 1n);
  });

  it('keeps its version when a transaction rolls back', async () => {
    const before = await version();
    await expect(
      db.transaction(async (tx) => {
        await tx.update(schema.images).set({ hiddenAt: new Date() }).where(eq(schema.images.eventId, day.id));
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await version()).toBe(before);
    await expectBothProcessesCurrent('after a rollback');
  });

  it("reads the member's attended events with the version", async () => {
    expect((await readLibraryState(db, attendeeRow.id)).attended).toEqual(new Set([night.id]));
    expect((await readLibraryState(db, outsiderRow.id)).attended).toEqual(new Set());
  });
});

const set = await seedMusicSet(db, { title: 'Closing', visibility: 'attendees', eventId: night.id });
const first = await seedTrack(db, { setId: set.id, position: 1 });
await seedRendition(db, { trackId: first.id, tier: 'medium' });

describe('sets from memory (musicSets.byId)', () => {
  /** byId on both "processes" against the set read without memory, for every viewer. */
  async function expectSetCurrent(change: string) {
    for (const viewer of viewers) {
      const scope: ViewerScope = { userId: viewer.id, role: viewer.role };
      const visible = await findVisibleMusicSet(db, scope, set.id);
      const expected = visible
        ? withoutSignatures(await setDetail(callerContext(db, viewer), visible, viewer.id))
        : 'NOT_FOUND';
      for (const [name, database] of [
        ['first', db],
        ['second', other.db],
      ] as const) {
        const answer = await callerFor(database, asViewer(viewer))
          .musicSets.byId({ id: set.id })
          .then(withoutSignatures, (error: { code?: string }) => error.code ?? error);
        expect(answer, `${change}, ${viewer.email} (${name} process)`).toEqual(expected);
      }
    }
  }

  /** What setDetail needs of a caller's context: the same presigned delivery as `callerFor`. */
  function callerContext(database: Database, viewer: (typeof viewers)[number]) {
    const delivery = createMediaDelivery({ mode: 'presigned', ...unusedStorage, tokenKey: MEDIA_TOKEN_KEY });
    return { db: database, delivery: delivery.forViewer(viewer.id) };
  }

  /** URLs without their query (a signing window may turn between the two reads). */
  const withoutSignatures = (answer: unknown) => JSON.parse(JSON.stringify(answer).replace(/\?[^"]*/g, ''));

  it('answers what the queries answer, and after every kind of change the next call on any process sees it', async () => {
    await expectSetCurrent('at first');
    const changes: Array<[string, () => Promise<unknown>]> = [
      [
        'published to members',
        () =>
          db.update(schema.musicSets).set({ visibility: 'members' }).where(eq(schema.musicSets.id, set.id)),
      ],
      [
        'back to attendees',
        () =>
          db.update(schema.musicSets).set({ visibility: 'attendees' }).where(eq(schema.musicSets.id, set.id)),
      ],
      ['an attendee added', () => addAttendeesByEmail(db, night.id, [outsiderRow.email])],
      [
        'an attendee removed',
        () => db.delete(schema.eventAttendees).where(eq(schema.eventAttendees.userId, outsiderRow.id)),
      ],
      [
        'moved to another event',
        () => db.update(schema.musicSets).set({ eventId: day.id }).where(eq(schema.musicSets.id, set.id)),
      ],
      [
        'renamed',
        () =>
          db.update(schema.musicSets).set({ title: 'Closing (edit)' }).where(eq(schema.musicSets.id, set.id)),
      ],
      [
        'a second track processed',
        () =>
          seedTrack(db, { setId: set.id, position: 2, status: 'processing' }).then((track) =>
            db.update(schema.tracks).set({ status: 'ready' }).where(eq(schema.tracks.id, track.id)),
          ),
      ],
      ['a rendition added', () => seedRendition(db, { trackId: first.id, tier: 'high' })],
      [
        'the tracklist edited',
        () =>
          replaceCuePoints(db, first.id, [
            { startSeconds: 0, artist: 'A', title: 'Intro' },
            { startSeconds: 60, artist: null, title: 'Peak' },
          ]),
      ],
      [
        'a track retitled',
        () => db.update(schema.tracks).set({ title: 'Side A' }).where(eq(schema.tracks.id, first.id)),
      ],
      [
        'a member stopped listening at 1:02',
        () => saveListeningPosition(db, { userId: attendeeRow.id, trackId: first.id, positionSeconds: 62 }),
      ],
      [
        'made a draft',
        () => db.update(schema.musicSets).set({ visibility: 'draft' }).where(eq(schema.musicSets.id, set.id)),
      ],
    ];
    for (const [change, run] of changes) {
      await run();
      await expectSetCurrent(change);
    }
  });

  it('keeps its version when a track only reports processing progress', async () => {
    const before = await version();
    await db
      .update(schema.tracks)
      .set({ progress: 50, stage: 'encoding', updatedAt: new Date() })
      .where(eq(schema.tracks.id, first.id));
    expect(await version()).toBe(before);
  });
});
