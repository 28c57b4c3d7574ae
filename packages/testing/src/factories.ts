import { randomUUID } from 'node:crypto';
import { type Database, type Role, schema } from '@party/db';
import { newOriginalKey, trackPeaksDetailKey, trackPeaksKey, trackRenditionKey } from '@party/storage';

export type UserRow = typeof schema.user.$inferSelect;

/** A user object with sensible defaults; nothing is written. */
export function buildUser(overrides: Partial<UserRow> = {}): UserRow {
  const id = overrides.id ?? randomUUID();
  const now = new Date();
  return {
    id,
    name: 'Test Person',
    email: `${id.slice(0, 8)}@test.local`,
    emailVerified: true,
    image: null,
    role: 'member' satisfies Role,
    disabled: false,
    photoConsent: 'fine',
    mailNotices: true,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

/** Inserts a user row (no password login; use the auth API for that). */
export async function seedUser(db: Database, overrides: Partial<UserRow> = {}): Promise<UserRow> {
  const [row] = await db.insert(schema.user).values(buildUser(overrides)).returning();
  if (!row) throw new Error('seedUser inserted nothing');
  return row;
}

export type EventRow = typeof schema.events.$inferSelect;
export type ImageRow = typeof schema.images.$inferSelect;

/** Inserts an event; slug and title unique per call. */
export async function seedEvent(db: Database, overrides: Partial<EventRow> = {}): Promise<EventRow> {
  const suffix = randomUUID().slice(0, 8);
  const [row] = await db
    .insert(schema.events)
    .values({ title: `Night ${suffix}`, slug: `night-${suffix}`, eventDate: '2026-11-20', ...overrides })
    .returning();
  if (!row) throw new Error('seedEvent inserted nothing');
  return row;
}

/**
 * Inserts a processed image (status ready, with thumb and preview variant rows) of an event.
 * The keys point at objects that do not exist unless the test uploads them.
 */
export async function seedImage(
  db: Database,
  overrides: Partial<ImageRow> & { eventId: string },
): Promise<ImageRow> {
  const id = overrides.id ?? randomUUID();
  const [row] = await db
    .insert(schema.images)
    .values({
      id,
      originalKey: `originals/${randomUUID()}`,
      originalName: 'photo.jpg',
      mime: 'image/jpeg',
      bytes: 1000,
      width: 1600,
      height: 1067,
      status: 'ready',
      progress: 100,
      ...overrides,
    })
    .returning();
  if (!row) throw new Error('seedImage inserted nothing');
  await db.insert(schema.imageVariants).values([
    {
      imageId: id,
      variant: 'thumb',
      format: 'webp',
      key: `derived/images/${id}/thumb.webp`,
      width: 400,
      height: 267,
      bytes: 100,
    },
    {
      imageId: id,
      variant: 'preview',
      format: 'webp',
      key: `derived/images/${id}/preview.webp`,
      width: 1600,
      height: 1067,
      bytes: 500,
    },
  ]);
  return row;
}

export type MusicSetRow = typeof schema.musicSets.$inferSelect;
export type TrackRow = typeof schema.tracks.$inferSelect;
export type TrackRenditionRow = typeof schema.trackRenditions.$inferSelect;

/** A draft music set without event or cover; title unique per call; nothing is written. */
export function buildMusicSet(overrides: Partial<MusicSetRow> = {}): MusicSetRow {
  const now = new Date();
  return {
    id: randomUUID(),
    title: `Set ${randomUUID().slice(0, 8)}`,
    artist: 'DJ Test',
    eventId: null,
    description: null,
    recordedOn: null,
    coverKey: null,
    coverUploadId: null,
    coverFailureReason: null,
    visibility: 'draft',
    position: 0,
    commentsEnabled: true,
    djUserId: null,
    createdBy: null,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

/** Inserts a music set (see `buildMusicSet`). */
export async function seedMusicSet(db: Database, overrides: Partial<MusicSetRow> = {}): Promise<MusicSetRow> {
  const [row] = await db.insert(schema.musicSets).values(buildMusicSet(overrides)).returning();
  if (!row) throw new Error('seedMusicSet inserted nothing');
  return row;
}

/**
 * A processed track of a set (status ready, an hour of 44.1/16 FLAC) whose original and peaks keys
 * follow the key layout; nothing is written. The keys point at objects that do not exist unless the
 * test uploads them.
 */
export function buildTrack(overrides: Partial<TrackRow> & { setId: string }): TrackRow {
  const id = overrides.id ?? randomUUID();
  const now = new Date();
  return {
    id,
    position: 1,
    title: 'Long Mix',
    artist: null,
    status: 'ready',
    failureReason: null,
    failureRetryable: true,
    progress: 100,
    stage: null,
    uploadId: null,
    originalKey: newOriginalKey(),
    originalName: 'long-mix.flac',
    bytes: 1000,
    sha256: null,
    container: 'FLAC',
    codec: 'FLAC',
    lossless: true,
    durationSeconds: 3600,
    sampleRate: 44100,
    bitDepth: 16,
    channels: 2,
    bitrate: null,
    loudnessLufs: null,
    truePeakDb: null,
    peaksKey: trackPeaksKey(id),
    peaksDetailKey: trackPeaksDetailKey(id),
    streamOriginal: false,
    createdBy: null,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

/** Inserts a track (see `buildTrack`); renditions come from `seedRendition`. */
export async function seedTrack(
  db: Database,
  overrides: Partial<TrackRow> & { setId: string },
): Promise<TrackRow> {
  const [row] = await db.insert(schema.tracks).values(buildTrack(overrides)).returning();
  if (!row) throw new Error('seedTrack inserted nothing');
  return row;
}

/** The medium MP3 tier of a track (192 kbps CBR) at its place in the key layout; nothing is written. */
export function buildRendition(
  overrides: Partial<TrackRenditionRow> & { trackId: string },
): TrackRenditionRow {
  const tier = overrides.tier ?? 'medium';
  return {
    tier,
    key: trackRenditionKey(overrides.trackId, tier, tier === 'flac' ? 'flac' : 'mp3'),
    codec: tier === 'flac' ? 'flac' : 'mp3',
    bitrateKbps: tier === 'high' ? 320 : tier === 'medium' ? 192 : null,
    bytes: 1000,
    durationSeconds: 3600,
    ...overrides,
  };
}

/** Inserts a rendition of a track (see `buildRendition`). */
export async function seedRendition(
  db: Database,
  overrides: Partial<TrackRenditionRow> & { trackId: string },
): Promise<TrackRenditionRow> {
  const [row] = await db.insert(schema.trackRenditions).values(buildRendition(overrides)).returning();
  if (!row) throw new Error('seedRendition inserted nothing');
  return row;
}
