import { randomUUID } from 'node:crypto';
import { listCuePoints, schema } from '@party/db';
import { recordingJobQueue, seedEvent, seedTrack, seedUser, useTestDatabase } from '@party/testing';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { callerFor } from './helpers';

const { db } = await useTestDatabase();
const jobs = recordingJobQueue();
const adminRow = await seedUser(db, { role: 'admin' });
const memberRow = await seedUser(db);
const admin = callerFor(
  db,
  { id: adminRow.id, email: adminRow.email, name: adminRow.name, role: 'admin' },
  { jobs },
);
const member = callerFor(db, {
  id: memberRow.id,
  email: memberRow.email,
  name: memberRow.name,
  role: 'member',
});

describe('admin music sets and tracks', () => {
  it('creates and edits sets; attendees-only needs an event; members are refused', async () => {
    await expect(member.admin.musicSets.create({ title: 'X', artist: 'Y' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      admin.admin.musicSets.create({ title: 'Closing', artist: 'DJ A', visibility: 'attendees' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/belongs to an event/) });
    const set = await admin.admin.musicSets.create({ title: 'Closing', artist: 'DJ A' });
    expect(set.visibility).toBe('draft');
    await expect(admin.admin.musicSets.update({ id: set.id, visibility: 'attendees' })).rejects.toMatchObject(
      {
        code: 'BAD_REQUEST',
      },
    );
    const event = await seedEvent(db);
    await expect(
      admin.admin.musicSets.update({ id: set.id, eventId: event.id, visibility: 'attendees' }),
    ).resolves.toMatchObject({
      eventId: event.id,
      visibility: 'attendees',
    });
    await expect(admin.admin.musicSets.update({ id: set.id, eventId: randomUUID() })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('orders tracks, keeps empty names null, refuses deleting a set with tracks', async () => {
    const set = await admin.admin.musicSets.create({ title: 'Marathon', artist: 'DJ B' });
    const first = await seedTrack(db, { setId: set.id, position: 1 });
    const second = await seedTrack(db, { setId: set.id, position: 2 });
    await admin.admin.tracks.reorder({ setId: set.id, trackIds: [second.id, first.id] });
    const detail = await admin.admin.musicSets.byId({ id: set.id });
    expect(detail.tracks.map((t) => t.id)).toEqual([second.id, first.id]);
    await expect(
      admin.admin.tracks.update({ id: first.id, title: '  ', artist: 'Guest' }),
    ).resolves.toMatchObject({
      title: null,
      artist: 'Guest',
    });
    await expect(admin.admin.musicSets.delete({ id: set.id })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
    });
  });

  it('saves a pasted tracklist only when every line reads, and reports the lines that do not', async () => {
    const set = await admin.admin.musicSets.create({ title: 'Sunrise', artist: 'DJ C' });
    const track = await seedTrack(db, { setId: set.id });
    const bad = await admin.admin.tracks.setTracklist({
      trackId: track.id,
      text: '00:00 Intro\nno time here\n5:00 A - B',
    });
    expect(bad.saved).toBe(false);
    expect(bad.problems).toEqual([
      { line: 2, text: 'no time here', reason: expect.stringMatching(/No timestamp/) },
    ]);
    expect(await listCuePoints(db, [track.id])).toEqual([]);
    const good = await admin.admin.tracks.setTracklist({
      trackId: track.id,
      text: '00:00 Intro\n5:00 A - B',
    });
    expect(good.saved).toBe(true);
    const cues = await listCuePoints(db, [track.id]);
    expect(cues.map((c) => [c.startSeconds, c.artist, c.title])).toEqual([
      [0, null, 'Intro'],
      [300, 'A', 'B'],
    ]);
  });

  it('deletes tracks through the S3-first job and retries only failed ones', async () => {
    const set = await admin.admin.musicSets.create({ title: 'Afterhours', artist: 'DJ D' });
    const failed = await seedTrack(db, { setId: set.id, status: 'failed', failureReason: 'broken' });
    const ready = await seedTrack(db, { setId: set.id });
    await seedTrack(db, { setId: set.id, status: 'processing' });
    const listed = (await admin.admin.musicSets.list()).find((s) => s.id === set.id);
    expect(listed).toMatchObject({ trackCount: 3, processingCount: 1, failedCount: 1 });
    await expect(admin.admin.tracks.retry({ id: ready.id })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
    });
    await admin.admin.tracks.retry({ id: failed.id });
    expect(jobs.sent.at(-1)).toEqual({ name: 'process-track', payload: { trackId: failed.id } });
    await admin.admin.tracks.delete({ id: ready.id });
    expect(jobs.sent.at(-1)).toEqual({ name: 'delete-tracks', payload: { trackIds: [ready.id] } });
    const [row] = await db.select().from(schema.tracks).where(eq(schema.tracks.id, ready.id));
    expect(row?.status).toBe('deleting');
  });
});
