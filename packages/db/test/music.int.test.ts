import { randomUUID } from 'node:crypto';
import {
  addAttendeesByEmail,
  applyUploadedCover,
  createTrack,
  deleteEmptyMusicSet,
  deleteTrackRows,
  findTrack,
  findVisibleMusicSet,
  findVisibleTrack,
  listCuePoints,
  listMusicSetsForAdmin,
  listRenditions,
  listSetListeningPositions,
  listTracksDeleting,
  listTracksStuckDeleting,
  listVisibleMusicSets,
  markTrackFailed,
  markTrackReady,
  markTracksDeleting,
  replaceCuePoints,
  resetTrackForRetry,
  saveListeningPosition,
  searchVisibleMusicSetIds,
  setEmbeddedCover,
  setTrackProgress,
  startCoverUpload,
  trackObjectKeys,
  type ViewerScope,
  type Visibility,
} from '@party/db';
import { seedEvent, seedMusicSet, seedRendition, seedTrack, seedUser, useTestDatabase } from '@party/testing';
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

/** A set of the event with one ready track, at this visibility. */
async function visibleSet(visibility: Visibility, title = `Set ${visibility} ${randomUUID().slice(0, 6)}`) {
  const set = await seedMusicSet(db, { eventId: event.id, visibility, title });
  const track = await seedTrack(db, { setId: set.id });
  return { set, track };
}

const draft = await visibleSet('draft');
const forAttendees = await visibleSet('attendees');
const forMembers = await visibleSet('members');
const cases = [
  { name: 'admin', viewer: admin, sees: [draft, forAttendees, forMembers] },
  { name: 'attendee', viewer: attendee, sees: [forAttendees, forMembers] },
  { name: 'member', viewer: member, sees: [forMembers] },
];

describe('visibility of sets and tracks', () => {
  it.each(cases)(
    '$name sees exactly the sets and tracks their visibility allows',
    async ({ viewer, sees }) => {
      const listed = (await listVisibleMusicSets(db, viewer)).map((row) => row.set.id);
      const all = [draft, forAttendees, forMembers];
      for (const { set, track } of all) {
        const visible = sees.some((s) => s.set.id === set.id);
        expect(listed.includes(set.id), set.visibility).toBe(visible);
        expect((await findVisibleMusicSet(db, viewer, set.id))?.id, set.visibility).toBe(
          visible ? set.id : undefined,
        );
        expect((await findVisibleTrack(db, viewer, track.id))?.track.id, set.visibility).toBe(
          visible ? track.id : undefined,
        );
      }
    },
  );

  it('lists a set only once it has a ready track, and a track only while it is ready', async () => {
    const set = await seedMusicSet(db, { visibility: 'members' });
    const processing = await seedTrack(db, { setId: set.id, status: 'processing' });
    expect((await listVisibleMusicSets(db, member)).map((r) => r.set.id)).not.toContain(set.id);
    expect(await findVisibleTrack(db, member, processing.id)).toBeUndefined();
    await seedTrack(db, { setId: set.id, durationSeconds: 600 });
    const listed = (await listVisibleMusicSets(db, member)).find((r) => r.set.id === set.id);
    expect(listed).toMatchObject({ trackCount: 1, durationSeconds: 600 });
  });

  it('searches titles, artists and tracklists of visible sets only, with % and _ taken literally', async () => {
    const needle = `Sunrise_${randomUUID().slice(0, 6)}`;
    const hidden = await visibleSet('draft', `${needle} draft`);
    const open = await visibleSet('members');
    await replaceCuePoints(db, open.track.id, [
      { startSeconds: 0, artist: 'Guest', title: `${needle} edit` },
    ]);
    expect(await searchVisibleMusicSetIds(db, member, needle.toLowerCase())).toEqual([open.set.id]);
    expect((await searchVisibleMusicSetIds(db, admin, needle)).sort()).toEqual(
      [hidden.set.id, open.set.id].sort(),
    );
    expect(await searchVisibleMusicSetIds(db, admin, needle.replace('_', '%'))).toEqual([]);
  });
});

describe('sets', () => {
  it('counts tracks per status for admins; deletes a set only when empty', async () => {
    const set = await seedMusicSet(db);
    await seedTrack(db, { setId: set.id, status: 'processing' });
    await seedTrack(db, { setId: set.id, status: 'failed' });
    const listed = (await listMusicSetsForAdmin(db)).find((row) => row.set.id === set.id);
    expect(listed).toMatchObject({ trackCount: 2, processingCount: 1, failedCount: 1 });
    expect(await deleteEmptyMusicSet(db, set.id)).toBe('not-empty');
    const empty = await seedMusicSet(db);
    expect(await deleteEmptyMusicSet(db, empty.id)).toBe('deleted');
    expect(await deleteEmptyMusicSet(db, empty.id)).toBe('missing');
  });

  it('embedded art never replaces a cover; an uploaded cover applies only while it is the newest', async () => {
    const set = await seedMusicSet(db);
    expect(await setEmbeddedCover(db, set.id, 'derived/sets/a/cover.webp')).toBe(true);
    expect(await setEmbeddedCover(db, set.id, 'derived/sets/a/other.webp')).toBe(false);
    await startCoverUpload(db, set.id, 'upload-1');
    await startCoverUpload(db, set.id, 'upload-2');
    const stale = await applyUploadedCover(db, { setId: set.id, uploadId: 'upload-1', key: 'k1' });
    expect(stale).toEqual({ applied: false });
    const fresh = await applyUploadedCover(db, { setId: set.id, uploadId: 'upload-2', key: 'k2' });
    expect(fresh).toEqual({ applied: true, previousKey: 'derived/sets/a/cover.webp' });
  });
});

describe('tracks', () => {
  it('creates one track per upload, last in its set', async () => {
    const set = await seedMusicSet(db);
    await seedTrack(db, { setId: set.id, position: 4 });
    const input = {
      setId: set.id,
      uploadId: `originals/${randomUUID()}`,
      originalKey: `originals/${randomUUID()}`,
      originalName: 'b2b.flac',
      bytes: 10,
      createdBy: adminRow.id,
    };
    const created = await createTrack(db, input);
    expect(created).toMatchObject({ position: 5, status: 'processing' });
    expect((await createTrack(db, input)).id).toBe(created.id);
  });

  it('moves through processing: progress only while processing, ready with renditions, retry after failure', async () => {
    const set = await seedMusicSet(db);
    const track = await seedTrack(db, {
      setId: set.id,
      status: 'processing',
      title: null,
      artist: 'Admin Said',
    });
    await setTrackProgress(db, track.id, 140, 'encoding');
    expect(await findTrack(db, track.id)).toMatchObject({ progress: 100, stage: 'encoding' });
    expect(await resetTrackForRetry(db, track.id)).toBe(false);
    await markTrackReady(
      db,
      track.id,
      {
        sha256: 'ab'.repeat(32),
        container: 'FLAC',
        codec: 'FLAC',
        lossless: true,
        durationSeconds: 1,
        sampleRate: 44100,
        bitDepth: 16,
        channels: 2,
        bitrate: null,
        loudnessLufs: -9,
        truePeakDb: -1,
        peaksKey: track.peaksKey,
        peaksDetailKey: track.peaksDetailKey,
        streamOriginal: false,
        title: 'From Tags',
        artist: 'Tag Artist',
      },
      [
        {
          tier: 'medium',
          key: 'derived/m.mp3',
          codec: 'mp3',
          bitrateKbps: 192,
          bytes: 5,
          durationSeconds: 1,
        },
      ],
    );
    // Tags fill only what the admin left empty.
    expect(await findTrack(db, track.id)).toMatchObject({
      status: 'ready',
      title: 'From Tags',
      artist: 'Admin Said',
      stage: null,
    });
    expect((await listRenditions(db, [track.id])).map((r) => r.key)).toEqual(['derived/m.mp3']);
    await markTrackFailed(db, track.id, 'too late');
    expect((await findTrack(db, track.id))?.status).toBe('ready');

    const broken = await seedTrack(db, { setId: set.id, status: 'processing' });
    await markTrackFailed(db, broken.id, 'not audio');
    expect(await findTrack(db, broken.id)).toMatchObject({ status: 'failed', failureReason: 'not audio' });
    expect(await resetTrackForRetry(db, broken.id)).toBe(true);
    expect(await findTrack(db, broken.id)).toMatchObject({ status: 'processing', failureReason: null });
  });

  it('deletion hands out every key a track owns (trackObjectKeys), and finds it again while stuck', async () => {
    const set = await seedMusicSet(db);
    const track = await seedTrack(db, { setId: set.id });
    const high = await seedRendition(db, { trackId: track.id, tier: 'high' });
    const medium = await seedRendition(db, { trackId: track.id, tier: 'medium' });
    const untouched = await seedTrack(db, { setId: set.id });
    const expected = [track.originalKey, track.peaksKey, track.peaksDetailKey, high.key, medium.key];

    expect(await listTracksDeleting(db, [track.id])).toEqual([]);
    const marked = await markTracksDeleting(db, [track.id]);
    expect(marked).toHaveLength(1);
    expect(marked[0]?.id).toBe(track.id);
    expect([...(marked[0]?.keys ?? [])].sort()).toEqual([...expected].sort());
    expect(marked[0]?.keys).toEqual(trackObjectKeys(track, await listRenditions(db, [track.id])));
    expect(await listTracksDeleting(db, [track.id, untouched.id])).toEqual(marked);

    expect(await listTracksStuckDeleting(db, new Date(Date.now() - 60_000))).not.toContain(track.id);
    expect(await listTracksStuckDeleting(db, new Date(Date.now() + 60_000))).toContain(track.id);

    await deleteTrackRows(db, [track.id]);
    expect(await findTrack(db, track.id)).toBeUndefined();
    expect(await listRenditions(db, [track.id])).toEqual([]);
    expect((await findTrack(db, untouched.id))?.status).toBe('ready');
  });

  it('replaces a tracklist as a whole and keeps the last listening position', async () => {
    const { set, track } = forMembers;
    await replaceCuePoints(db, track.id, [
      { startSeconds: 0, artist: null, title: 'Intro' },
      { startSeconds: 300, artist: 'A', title: 'B' },
    ]);
    await replaceCuePoints(db, track.id, [{ startSeconds: 10, artist: null, title: 'Only' }]);
    expect((await listCuePoints(db, [track.id])).map((c) => [c.position, c.title])).toEqual([[1, 'Only']]);

    await saveListeningPosition(db, { userId: memberRow.id, trackId: track.id, positionSeconds: 12 });
    await saveListeningPosition(db, { userId: memberRow.id, trackId: track.id, positionSeconds: 90 });
    const positions = await listSetListeningPositions(db, memberRow.id, set.id);
    expect(positions.map((p) => p.positionSeconds)).toEqual([90]);
    expect(await listSetListeningPositions(db, attendeeRow.id, set.id)).toEqual([]);
  });
});
