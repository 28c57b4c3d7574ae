import { randomBytes } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { addAttendeesByEmail, schema } from '@party/db';
import { presignGet } from '@party/storage';
import {
  seedEvent,
  seedMusicSet,
  seedRendition,
  seedTrack,
  seedUser,
  useS3Emulator,
  useTestDatabase,
} from '@party/testing';
import { describe, expect, it } from 'vitest';
import { asViewer, callerFor } from './helpers';

const { db } = await useTestDatabase();
const s3 = await useS3Emulator();
const storage = { client: s3.client, bucket: s3.bucket };

const adminRow = await seedUser(db, { role: 'admin' });
const attendeeRow = await seedUser(db, { email: 'fan@test.local' });
const outsiderRow = await seedUser(db, { email: 'stranger@test.local' });
const attendee = callerFor(db, asViewer(attendeeRow), { storage });
const outsider = callerFor(db, asViewer(outsiderRow), { storage });
const event = await seedEvent(db);
await addAttendeesByEmail(db, event.id, ['fan@test.local']);

const mp3 = randomBytes(256 * 1024);

async function seedVisibleTrack(visibility: 'draft' | 'attendees' | 'members') {
  const set = await seedMusicSet(db, {
    title: `Set ${visibility}`,
    artist: 'DJ Seed',
    eventId: event.id,
    visibility,
    createdBy: adminRow.id,
  });
  const track = await seedTrack(db, {
    setId: set.id,
    title: 'Closing / Part 1',
    originalName: 'closing.flac',
    durationSeconds: 60,
  });
  const { key: mediumKey } = await seedRendition(db, {
    trackId: track.id,
    tier: 'medium',
    bytes: mp3.length,
  });
  await s3.client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: mediumKey, Body: mp3 }));
  await s3.client.send(
    new PutObjectCommand({ Bucket: s3.bucket, Key: track.originalKey, Body: 'flac bytes' }),
  );
  return { set, trackId: track.id, mediumKey };
}

const draft = await seedVisibleTrack('draft');
const forAttendees = await seedVisibleTrack('attendees');
const forMembers = await seedVisibleTrack('members');

describe('listening', () => {
  it('hands out the overview and the detail waveform peaks as two short-lived URLs', async () => {
    const [track] = (await attendee.musicSets.byId({ id: forAttendees.set.id })).tracks;
    const pathOf = (url: string | null | undefined) => new URL(url ?? '').pathname;
    expect(pathOf(track?.peaksUrl)).toBe(`/${s3.bucket}/derived/tracks/${forAttendees.trackId}/peaks.json`);
    expect(pathOf(track?.detailPeaksUrl)).toBe(
      `/${s3.bucket}/derived/tracks/${forAttendees.trackId}/peaks-detail.json`,
    );
  });

  it('refuses stream and download URLs (NOT_FOUND) for tracks the member may not see', async () => {
    for (const caller of [attendee, outsider]) {
      await expect(caller.tracks.streamUrl({ trackId: draft.trackId })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      await expect(
        caller.tracks.downloadUrl({ trackId: draft.trackId, kind: 'original' }),
      ).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    }
    await expect(outsider.tracks.streamUrl({ trackId: forAttendees.trackId })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(outsider.musicSets.byId({ id: forAttendees.set.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(attendee.tracks.streamUrl({ trackId: forAttendees.trackId })).resolves.toMatchObject({
      tier: 'medium',
    });
    expect((await outsider.musicSets.list()).map((s) => s.id)).toEqual([forMembers.set.id]);
  });

  it('streams with HTTP Range straight from S3 (206 and the right bytes)', async () => {
    const { url, tier } = await outsider.tracks.streamUrl({ trackId: forMembers.trackId, tier: 'high' });
    expect(tier).toBe('medium'); // no high tier here: the next one down
    const response = await fetch(url, { headers: { range: 'bytes=1000-1999' } });
    expect(response.status).toBe(206);
    expect(response.headers.get('content-range')).toBe(`bytes 1000-1999/${mp3.length}`);
    expect(Buffer.from(await response.arrayBuffer()).equals(mp3.subarray(1000, 2000))).toBe(true);
  });

  it('an expired URL is refused by S3, and asking again gives a working one', async () => {
    const stale = await presignGet(s3.client, s3.bucket, forMembers.mediumKey, {
      now: new Date(Date.now() - 30 * 60_000),
    });
    expect((await fetch(stale.url, { headers: { range: 'bytes=0-9' } })).status).toBe(403);
    const fresh = await outsider.tracks.streamUrl({ trackId: forMembers.trackId });
    expect(fresh.expiresAt.getTime()).toBeGreaterThan(Date.now() + 9 * 60_000);
    expect((await fetch(fresh.url, { headers: { range: 'bytes=0-9' } })).status).toBe(206);
  });

  it('names downloads after artist and title, safely', async () => {
    const { url } = await outsider.tracks.downloadUrl({ trackId: forMembers.trackId, kind: 'original' });
    const disposition = new URL(url).searchParams.get('response-content-disposition') ?? '';
    expect(disposition).toContain('filename="DJ Seed - Closing Part 1.flac"');
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toBe(disposition);
    expect(await response.text()).toBe('flac bytes');
    await expect(
      outsider.tracks.downloadUrl({ trackId: forMembers.trackId, kind: 'flac' }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('saves listening positions per member and offers them back', async () => {
    await outsider.tracks.savePosition({ trackId: forMembers.trackId, positionSeconds: 42.5 });
    await outsider.tracks.savePosition({ trackId: forMembers.trackId, positionSeconds: 4350 });
    const mine = await outsider.musicSets.byId({ id: forMembers.set.id });
    expect(mine.tracks[0]?.resumeAt).toBe(4350);
    const theirs = await attendee.musicSets.byId({ id: forMembers.set.id });
    expect(theirs.tracks[0]?.resumeAt).toBeNull();
    await expect(
      outsider.tracks.savePosition({ trackId: draft.trackId, positionSeconds: 1 }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('finds sets by title, artist and tracklist entry', async () => {
    await db
      .insert(schema.cuePoints)
      .values({ trackId: forMembers.trackId, position: 1, startSeconds: 0, artist: 'Bicep', title: 'Glue' });
    expect((await outsider.musicSets.list({ query: 'glue' })).map((s) => s.id)).toEqual([forMembers.set.id]);
    expect((await outsider.musicSets.list({ query: 'dj seed' })).length).toBe(1);
    expect(await outsider.musicSets.list({ query: 'nothing like this' })).toEqual([]);
    expect(await outsider.musicSets.list({ query: '%' })).toEqual([]);
  });
});
