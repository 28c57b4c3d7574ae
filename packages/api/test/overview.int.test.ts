import { createInvite, schema } from '@party/db';
import { seedEvent, seedImage, seedMusicSet, seedTrack, seedUser, useTestDatabase } from '@party/testing';
import { describe, expect, it } from 'vitest';
import { generateInviteToken } from '../src/auth/invite-token';
import { asViewer, callerFor } from './helpers';

const { db } = await useTestDatabase();
const admin = await seedUser(db, { role: 'admin', name: 'Ada Admin' });
const asAdmin = callerFor(db, asViewer(admin));
/** Events before sets: the page orders by urgency, which ties here. */
const byKind = <T extends { kind: string }>(rows: T[]) =>
  [...rows].sort((a, b) => a.kind.localeCompare(b.kind));

describe('admin.overview.summary', () => {
  it('shows an empty installation its four first steps, none done, and nothing needing attention', async () => {
    const summary = await asAdmin.admin.overview.summary();
    expect(summary.steps).toEqual({ event: false, upload: false, publish: false, invite: false });
    expect(summary.firstEventId).toBeNull();
    expect(summary.attention).toEqual([]);
    expect(summary.counts).toMatchObject({ openInvites: 0, uploadsInProgress: 0, processing: 0 });
    // The admin's own account is the only activity.
    expect(summary.activity).toEqual([expect.objectContaining({ kind: 'member', title: 'Ada Admin' })]);
  });

  it('ticks each step as it is done and lists drafts, failures, uploads and open invites', async () => {
    const event = await seedEvent(db, { title: 'Autumn Rave', createdBy: admin.id });
    let summary = await asAdmin.admin.overview.summary();
    expect(summary.steps).toEqual({ event: true, upload: false, publish: false, invite: false });
    expect(summary.firstEventId).toBe(event.id);

    await seedImage(db, { eventId: event.id, visibility: 'draft' });
    await seedImage(db, { eventId: event.id, visibility: 'draft' });
    await seedImage(db, { eventId: event.id, status: 'failed', failureReason: 'Not an image.' });
    // A flagged duplicate is no failure anyone has to look at.
    await seedImage(db, { eventId: event.id, status: 'failed', duplicateOf: event.id });
    await seedImage(db, { eventId: event.id, status: 'processing' });
    const set = await seedMusicSet(db, { title: 'Sunrise Set' });
    await seedTrack(db, { setId: set.id, status: 'ready' });
    await seedTrack(db, { setId: set.id, status: 'failed', failureReason: 'Not audio.' });
    await db.insert(schema.uploads).values({
      id: 'originals/in-progress',
      ownerId: admin.id,
      kind: 'image',
      eventId: event.id,
      fileName: 'big.jpg',
      size: 10,
    });

    summary = await asAdmin.admin.overview.summary();
    expect(summary.steps).toEqual({ event: true, upload: true, publish: false, invite: false });
    expect(byKind(summary.attention)).toEqual([
      { kind: 'event', id: event.id, title: 'Autumn Rave', drafts: 2, failed: 1 },
      { kind: 'set', id: set.id, title: 'Sunrise Set', drafts: 1, failed: 1 },
    ]);
    expect(summary.counts).toMatchObject({ uploadsInProgress: 1, processing: 1 });
    expect(summary.activity.map((a) => a.kind)).toEqual(expect.arrayContaining(['event', 'set', 'photos']));
    const photos = summary.activity.find((a) => a.kind === 'photos');
    expect(photos).toMatchObject({ id: event.id, title: 'Autumn Rave', count: 5 });

    await asAdmin.admin.images.setVisibility({ eventId: event.id, visibility: 'members' });
    await asAdmin.admin.musicSets.update({ id: set.id, visibility: 'members' });
    await createInvite(db, {
      tokenHash: generateInviteToken().tokenHash,
      role: 'member',
      createdBy: admin.id,
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    summary = await asAdmin.admin.overview.summary();
    expect(summary.steps).toEqual({ event: true, upload: true, publish: true, invite: true });
    expect(summary.counts.openInvites).toBe(1);
    // Published: only the failures are left to look at.
    expect(byKind(summary.attention)).toEqual([
      { kind: 'event', id: event.id, title: 'Autumn Rave', drafts: 0, failed: 1 },
      { kind: 'set', id: set.id, title: 'Sunrise Set', drafts: 0, failed: 1 },
    ]);
  });
});
