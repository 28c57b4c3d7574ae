import { randomUUID } from 'node:crypto';
import { addAttendeesByEmail, logDownload, schema } from '@party/db';
import { seedEvent, seedMusicSet, seedTrack, seedUser, useTestDatabase } from '@party/testing';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { COMMENT_MAX_LENGTH } from '../src/social/comment-rules';
import { asViewer, callerFor } from './helpers';

const { db } = await useTestDatabase();

const adminRow = await seedUser(db, { role: 'admin' });
const attendeeRow = await seedUser(db, { email: 'fan@social.test', name: 'Fan' });
const secondRow = await seedUser(db, { email: 'second@social.test', name: 'Second' });
const outsiderRow = await seedUser(db, { email: 'outsider@social.test' });
const event = await seedEvent(db);
await addAttendeesByEmail(db, event.id, ['fan@social.test', 'second@social.test']);

/** The time procedures see; tests move it to post past a rate window or send a batch late. */
let now = new Date('2026-12-03T12:00:00Z');
const clock = () => now;
const admin = callerFor(db, asViewer(adminRow), { clock });
const attendee = callerFor(db, asViewer(attendeeRow), { clock });
const second = callerFor(db, asViewer(secondRow), { clock });
const outsider = callerFor(db, asViewer(outsiderRow), { clock });
const anonymous = callerFor(db, null, { clock });

async function attendeesTrack(durationSeconds = 1800) {
  const set = await seedMusicSet(db, { eventId: event.id, visibility: 'attendees' });
  const track = await seedTrack(db, { setId: set.id, durationSeconds });
  return { set, track };
}

describe('timed comments: who may do what', () => {
  it('an attendee posts at a moment; another attendee and an admin see it, a member without access does not', async () => {
    const { track } = await attendeesTrack();
    const { id } = await attendee.comments.create({
      trackId: track.id,
      atSeconds: 600,
      body: '  that drop!  ',
    });
    const seen = await second.comments.list({ trackId: track.id });
    expect(seen.comments).toEqual([
      expect.objectContaining({ id, atSeconds: 600, body: 'that drop!', authorName: 'Fan', mine: false }),
    ]);
    expect(seen.enabled).toBe(true);
    expect((await attendee.comments.list({ trackId: track.id })).comments[0]?.mine).toBe(true);
    // The author's data export carries it; erasing the account would take it along (cascade).
    expect((await attendee.account.export()).comments).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ trackId: track.id, atSeconds: 600, body: 'that drop!' }),
      ]),
    );
    expect((await admin.comments.list({ trackId: track.id })).canModerate).toBe(true);
    // Not visible: NOT_FOUND, as for the set itself, for reading, posting, editing and reporting.
    await expect(outsider.comments.list({ trackId: track.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      outsider.comments.create({ trackId: track.id, atSeconds: 1, body: 'hi' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(outsider.comments.report({ id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(outsider.comments.delete({ id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // A share-link guest has no session: comments are for the community only.
    await expect(anonymous.comments.list({ trackId: track.id })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
  });

  it('only the author edits; the author or an admin deletes', async () => {
    const { track } = await attendeesTrack();
    const { id } = await attendee.comments.create({ trackId: track.id, atSeconds: 5, body: 'first' });
    await expect(second.comments.update({ id, body: 'hijacked' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(admin.comments.update({ id, body: 'rewritten' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await attendee.comments.update({ id, body: 'first, edited' });
    const [edited] = (await second.comments.list({ trackId: track.id })).comments;
    expect(edited).toMatchObject({ body: 'first, edited', edited: true });
    await expect(second.comments.delete({ id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await admin.comments.delete({ id });
    const own = await second.comments.create({ trackId: track.id, atSeconds: 6, body: 'mine' });
    await second.comments.delete({ id: own.id });
    expect((await attendee.comments.list({ trackId: track.id })).comments).toEqual([]);
  });

  it('reports reach the admins of the set; dismissing keeps the comment, deleting takes the report along', async () => {
    const { set, track } = await attendeesTrack();
    const { id } = await attendee.comments.create({ trackId: track.id, atSeconds: 30, body: 'rude words' });
    await expect(attendee.comments.report({ id })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await second.comments.report({ id, reason: 'insulting' });
    await second.comments.report({ id, reason: 'again' });
    const reports = await admin.admin.comments.reports({ setId: set.id });
    expect(reports).toEqual([
      expect.objectContaining({
        reason: 'insulting',
        authorName: 'Fan',
        comment: expect.objectContaining({ id }),
      }),
    ]);
    await expect(second.admin.comments.reports({ setId: set.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await admin.admin.comments.dismissReport({ id: reports[0]?.id ?? '' });
    expect(await admin.admin.comments.reports({ setId: set.id })).toEqual([]);
    await second.comments.report({ id });
    await admin.comments.delete({ id });
    expect(await admin.admin.comments.reports({ setId: set.id })).toEqual([]);
  });

  it('comments turned off for a set: members see none and cannot post; admins still see them', async () => {
    const { set, track } = await attendeesTrack();
    await attendee.comments.create({ trackId: track.id, atSeconds: 1, body: 'before' });
    await expect(attendee.admin.comments.setEnabled({ setId: set.id, enabled: false })).rejects.toMatchObject(
      {
        code: 'FORBIDDEN',
      },
    );
    await admin.admin.comments.setEnabled({ setId: set.id, enabled: false });
    expect(await second.comments.list({ trackId: track.id })).toMatchObject({ enabled: false, comments: [] });
    expect((await admin.comments.list({ trackId: track.id })).comments).toHaveLength(1);
    await expect(
      second.comments.create({ trackId: track.id, atSeconds: 2, body: 'after' }),
    ).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    await admin.admin.comments.setEnabled({ setId: set.id, enabled: true });
    expect((await second.comments.list({ trackId: track.id })).comments).toHaveLength(1);
  });
});

describe('timed comments: limits', () => {
  it(`refuses empty text, more than ${COMMENT_MAX_LENGTH} characters and a moment past the end`, async () => {
    const { track } = await attendeesTrack(600);
    await expect(
      attendee.comments.create({ trackId: track.id, atSeconds: 1, body: ' \n ' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'A comment needs some text.' });
    await expect(
      attendee.comments.create({ trackId: track.id, atSeconds: 1, body: 'x'.repeat(COMMENT_MAX_LENGTH + 1) }),
    ).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining(`${COMMENT_MAX_LENGTH}`),
    });
    await expect(
      attendee.comments.create({ trackId: track.id, atSeconds: 700, body: 'late' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const { id } = await attendee.comments.create({
      trackId: track.id,
      atSeconds: 1,
      body: 'y'.repeat(COMMENT_MAX_LENGTH),
    });
    await expect(
      attendee.comments.update({ id, body: 'z'.repeat(COMMENT_MAX_LENGTH + 1) }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect((await attendee.comments.list({ trackId: track.id })).comments).toHaveLength(1);
  });

  it('allows 5 comments a minute, also when they arrive in parallel, and more once the minute has passed', async () => {
    const poster = await seedUser(db);
    const caller = callerFor(db, asViewer(poster), { clock });
    const set = await seedMusicSet(db, { visibility: 'members' });
    const track = await seedTrack(db, { setId: set.id });
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        caller.comments.create({ trackId: track.id, atSeconds: i, body: `#${i}` }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    const refused = results.filter((r) => r.status === 'rejected');
    expect(refused).toHaveLength(3);
    expect(refused[0]).toMatchObject({ reason: { code: 'TOO_MANY_REQUESTS' } });
    now = new Date(now.getTime() + 61_000);
    await caller.comments.create({ trackId: track.id, atSeconds: 9, body: 'a minute later' });
    expect((await caller.comments.list({ trackId: track.id })).comments).toHaveLength(6);
  });
});

describe('listening statistics', () => {
  const minute = (m: number, seconds: number) => ({ minute: m, seconds });

  it('adds batches up per day and minute, counts a batch sent twice once, and counts listeners without naming them', async () => {
    now = new Date('2026-12-10T12:00:00Z');
    const { set, track } = await attendeesTrack(300);
    const batchId = randomUUID();
    const first = {
      batchId,
      entries: [
        {
          trackId: track.id,
          at: now,
          started: true,
          qualified: true,
          fraction: 0.3,
          minutes: [minute(0, 60), minute(1, 30)],
        },
      ],
    };
    expect(await attendee.listening.report(first)).toMatchObject({ duplicate: false, applied: 1 });
    expect(await attendee.listening.report(first)).toMatchObject({ duplicate: true, applied: 0 });
    // The same play goes on in the next batch: no new start, more of minute 1.
    await attendee.listening.report({
      batchId: randomUUID(),
      entries: [
        {
          trackId: track.id,
          at: now,
          started: false,
          qualified: false,
          fraction: 0.1,
          minutes: [minute(1, 30)],
        },
      ],
    });
    await second.listening.report({
      batchId: randomUUID(),
      entries: [
        {
          trackId: track.id,
          at: now,
          started: true,
          qualified: false,
          fraction: 0.05,
          minutes: [minute(3, 15)],
        },
      ],
    });
    // The same member again that day: a second play, still one listener.
    await attendee.listening.report({
      batchId: randomUUID(),
      entries: [{ trackId: track.id, at: now, started: true, qualified: false, fraction: 0, minutes: [] }],
    });

    const stats = await admin.admin.listening.setStats({ setId: set.id, days: 7 });
    const [row] = stats.tracks;
    expect(row).toMatchObject({ plays: 3, qualifiedPlays: 1, uniqueListeners: 2 });
    expect(row?.averageFraction).toBeCloseTo(0.15, 5);
    expect(row?.minutes).toEqual([minute(0, 60), minute(1, 60), minute(3, 15)]);
    expect(stats.daily.at(-1)).toMatchObject({ day: '2026-12-10', plays: 3, uniqueListeners: 2 });
    expect(JSON.stringify(stats)).not.toContain(attendeeRow.id);
    // One row per track and day, one per minute bucket: not one per report.
    expect(
      await db
        .select()
        .from(schema.trackListeningDays)
        .where(eq(schema.trackListeningDays.trackId, track.id)),
    ).toHaveLength(1);
    expect(
      await db
        .select()
        .from(schema.trackListeningMinutes)
        .where(eq(schema.trackListeningMinutes.trackId, track.id)),
    ).toHaveLength(3);
    await expect(attendee.admin.listening.setStats({ setId: set.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('a late batch lands on the day it was heard; days before yesterday are folded and lose their listener keys', async () => {
    now = new Date('2026-12-20T10:00:00Z');
    const { set, track } = await attendeesTrack(300);
    const play = (at: Date) => ({
      batchId: randomUUID(),
      entries: [
        { trackId: track.id, at, started: true, qualified: true, fraction: 0.5, minutes: [minute(2, 40)] },
      ],
    });
    await attendee.listening.report(play(now));
    await second.listening.report(play(now));
    // Three days later: a batch that was heard on the 20th arrives late, and today's play folds the 20th.
    now = new Date('2026-12-23T10:00:00Z');
    await attendee.listening.report(play(new Date('2026-12-20T22:00:00Z')));
    expect(
      await db.select().from(schema.trackListeners).where(eq(schema.trackListeners.trackId, track.id)),
    ).toEqual([]);
    expect(
      await db.select().from(schema.listeningSalts).where(eq(schema.listeningSalts.day, '2026-12-20')),
    ).toEqual([]);
    const stats = await admin.admin.listening.setStats({ setId: set.id, days: 7 });
    expect(stats.daily.find((d) => d.day === '2026-12-20')).toMatchObject({ plays: 3, uniqueListeners: 2 });
    expect(stats.tracks[0]?.minutes).toEqual([minute(2, 120)]);
    // Older than a week: dropped, and said so.
    expect(await attendee.listening.report(play(new Date('2026-12-01T10:00:00Z')))).toMatchObject({
      applied: 0,
      dropped: 1,
    });
  });

  it('drops entries for tracks the member cannot see and counts downloads per kind', async () => {
    now = new Date();
    const { set, track } = await attendeesTrack(300);
    const result = await outsider.listening.report({
      batchId: randomUUID(),
      entries: [
        { trackId: track.id, at: now, started: true, qualified: true, fraction: 1, minutes: [minute(0, 60)] },
      ],
    });
    expect(result).toMatchObject({ applied: 0, dropped: 1 });
    await logDownload(db, { userId: attendeeRow.id, kind: 'track-original', trackId: track.id });
    await logDownload(db, { userId: secondRow.id, kind: 'track-original', trackId: track.id });
    await logDownload(db, { userId: secondRow.id, kind: 'track-flac', trackId: track.id });
    const stats = await admin.admin.listening.setStats({ setId: set.id, days: 30 });
    expect(stats.tracks[0]).toMatchObject({ plays: 0, downloads: { original: 2, flac: 1 } });
    expect(stats.daily.reduce((sum, d) => sum + d.downloads, 0)).toBe(3);
  });
});

describe("the set's DJ sees its listening statistics", () => {
  const minute = (m: number, seconds: number) => ({ minute: m, seconds });
  /** The answer without its short-lived URLs (signed per viewer), to compare what two viewers see. */
  const figures = (stats: { tracks: Array<{ peaksUrl: string | null }> }) => ({
    ...stats,
    tracks: stats.tracks.map(({ peaksUrl, ...rest }) => ({ ...rest, hasPeaks: peaksUrl !== null })),
  });

  it('an admin links a member as DJ: the DJ sees what admins see, another member does not, and after unlinking neither', async () => {
    now = new Date();
    const { set, track } = await attendeesTrack(300);
    await attendee.listening.report({
      batchId: randomUUID(),
      entries: [
        {
          trackId: track.id,
          at: now,
          started: true,
          qualified: true,
          fraction: 0.4,
          minutes: [minute(0, 60)],
        },
      ],
    });
    expect((await second.musicSets.byId({ id: set.id })).youAreDj).toBe(false);
    await expect(second.listening.setStats({ setId: set.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });

    // Linking takes an admin, and an active member account.
    await expect(
      attendee.admin.musicSets.update({ id: set.id, djUserId: attendeeRow.id }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    for (const djUserId of [adminRow.id, 'no-such-account']) {
      await expect(admin.admin.musicSets.update({ id: set.id, djUserId })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
    }
    const linked = await admin.admin.musicSets.update({ id: set.id, djUserId: secondRow.id });
    expect(linked.djUserId).toBe(secondRow.id);
    expect((await admin.admin.musicSets.byId({ id: set.id })).djUserId).toBe(secondRow.id);

    // The DJ: the page says so, and the statistics are the admins' own, aggregates only.
    expect((await second.musicSets.byId({ id: set.id })).youAreDj).toBe(true);
    expect((await attendee.musicSets.byId({ id: set.id })).youAreDj).toBe(false);
    // The link is data about the DJ: their export names the set.
    expect((await second.account.export()).djOfSets).toEqual([{ setId: set.id, title: set.title }]);
    const asDj = await second.listening.setStats({ setId: set.id, days: 7 });
    const asAdmin = await admin.admin.listening.setStats({ setId: set.id, days: 7 });
    expect(figures(asDj)).toEqual(figures(asAdmin));
    expect(asDj.tracks[0]).toMatchObject({ plays: 1, uniqueListeners: 1, minutes: [minute(0, 60)] });
    expect(asDj.tracks[0]?.peaksUrl).toMatch(/peaks\.json/);
    expect(JSON.stringify(asDj)).not.toContain(attendeeRow.id);
    expect(JSON.stringify(asDj)).not.toContain('fan@social.test');
    // Admins through the same procedure; everybody else as the conventions say.
    expect(figures(await admin.listening.setStats({ setId: set.id, days: 7 }))).toEqual(figures(asAdmin));
    await expect(attendee.listening.setStats({ setId: set.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(outsider.listening.setStats({ setId: set.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(anonymous.listening.setStats({ setId: set.id })).rejects.toMatchObject({
      code: 'UNAUTHORIZED',
    });
    await expect(second.admin.listening.setStats({ setId: set.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });

    // A DJ who can no longer see the set (back to draft) gets NOT_FOUND, like for the set itself.
    await admin.admin.musicSets.update({ id: set.id, visibility: 'draft' });
    await expect(second.listening.setStats({ setId: set.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await admin.admin.musicSets.update({ id: set.id, visibility: 'attendees' });

    // Unlinked: nothing any more.
    expect((await admin.admin.musicSets.update({ id: set.id, djUserId: null })).djUserId).toBeNull();
    expect((await second.musicSets.byId({ id: set.id })).youAreDj).toBe(false);
    await expect(second.listening.setStats({ setId: set.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it("deleting the DJ's account unlinks it and keeps the set", async () => {
    const { set } = await attendeesTrack(300);
    const dj = await seedUser(db, { email: `dj-${randomUUID()}@social.test` });
    await admin.admin.musicSets.update({ id: set.id, djUserId: dj.id });
    expect(await admin.admin.members.delete({ userId: dj.id })).toEqual({ deleted: true });
    const [row] = await db.select().from(schema.musicSets).where(eq(schema.musicSets.id, set.id));
    expect(row).toMatchObject({ id: set.id, djUserId: null });
  });
});
