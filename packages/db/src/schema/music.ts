import {
  bigint,
  boolean,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { user } from './auth';
import { events } from './events';
import type { Visibility } from './visibility';

/** A DJ set or music set: one or more tracks, shown to members by the set's visibility. */
export const musicSets = pgTable(
  'music_sets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: text('title').notNull(),
    artist: text('artist').notNull(),
    eventId: uuid('event_id').references(() => events.id, { onDelete: 'set null' }),
    description: text('description'),
    recordedOn: date('recorded_on', { mode: 'string' }),
    /** S3 key of the cover image (from the first track's embedded art unless an admin sets one). */
    coverKey: text('cover_key'),
    /**
     * The admin's cover upload (its tus id) that the worker is turning into the cover; null when
     * none is waiting. A newer upload replaces it, and the older job then leaves the set alone.
     */
    coverUploadId: text('cover_upload_id'),
    /** Why the last uploaded cover was not used (shown to admins); the previous cover stays. */
    coverFailureReason: text('cover_failure_reason'),
    visibility: text('visibility').$type<Visibility>().notNull().default('draft'),
    /** Manual order of sets in listings (lower first). */
    position: integer('position').notNull().default(0),
    /** Members may read and post timed comments on the set's tracks; off hides them from members. */
    commentsEnabled: boolean('comments_enabled').notNull().default(true),
    /**
     * The member account of the set's DJ, linked by an admin: it sees the set's listening
     * statistics (aggregates only) on the set's page. Deleting the account only unlinks it.
     */
    djUserId: text('dj_user_id').references(() => user.id, { onDelete: 'set null' }),
    createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('music_sets_event_idx').on(t.eventId), index('music_sets_dj_idx').on(t.djUserId)],
);

export const trackStatuses = ['processing', 'ready', 'failed', 'deleting'] as const;
export type TrackStatus = (typeof trackStatuses)[number];

/** One audio file of a set: the lossless (or lossy) original and what processing found. */
export const tracks = pgTable(
  'tracks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    setId: uuid('set_id')
      .notNull()
      .references(() => musicSets.id, { onDelete: 'restrict' }),
    position: integer('position').notNull().default(0),
    title: text('title'),
    artist: text('artist'),
    status: text('status').$type<TrackStatus>().notNull().default('processing'),
    failureReason: text('failure_reason'),
    /** False when the file itself was refused (not audio, unreadable): a retry would fail the same way. */
    failureRetryable: boolean('failure_retryable').notNull().default(true),
    progress: integer('progress').notNull().default(0),
    /** What processing is doing now, in words (e.g. "encoding"). */
    stage: text('stage'),
    uploadId: text('upload_id').unique(),
    originalKey: text('original_key').notNull(),
    originalName: text('original_name').notNull(),
    bytes: bigint('bytes', { mode: 'number' }).notNull(),
    sha256: text('sha256'),
    container: text('container'),
    codec: text('codec'),
    lossless: boolean('lossless'),
    durationSeconds: real('duration_seconds'),
    sampleRate: integer('sample_rate'),
    bitDepth: integer('bit_depth'),
    channels: integer('channels'),
    bitrate: integer('bitrate'),
    loudnessLufs: real('loudness_lufs'),
    /** True peak in dBTP, measured with the loudness; the player never raises a set past it. */
    truePeakDb: real('true_peak_db'),
    /** The overview waveform peaks (small: drawn first). */
    peaksKey: text('peaks_key'),
    /** The detail waveform peaks (10 a second, up to ~2 MB for 4 hours): fetched when the member zooms in. */
    peaksDetailKey: text('peaks_detail_key'),
    /** The source is lossy at or below the lowest tier: members stream the original itself. */
    streamOriginal: boolean('stream_original').notNull().default(false),
    createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('tracks_set_idx').on(t.setId, t.position)],
);

export const renditionTiers = ['high', 'medium', 'flac'] as const;
export type RenditionTier = (typeof renditionTiers)[number];

/** A pre-encoded copy of a track: MP3 tiers for streaming, a FLAC copy of WAV/AIFF for download. */
export const trackRenditions = pgTable(
  'track_renditions',
  {
    trackId: uuid('track_id')
      .notNull()
      .references(() => tracks.id, { onDelete: 'cascade' }),
    tier: text('tier').$type<RenditionTier>().notNull(),
    key: text('key').notNull(),
    codec: text('codec').notNull(),
    bitrateKbps: integer('bitrate_kbps'),
    bytes: bigint('bytes', { mode: 'number' }).notNull(),
    durationSeconds: real('duration_seconds'),
  },
  (t) => [primaryKey({ columns: [t.trackId, t.tier] })],
);

/** The tracklist of a track: timestamped cue points (what plays when within a mix). */
export const cuePoints = pgTable(
  'cue_points',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    trackId: uuid('track_id')
      .notNull()
      .references(() => tracks.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    startSeconds: real('start_seconds').notNull(),
    artist: text('artist'),
    title: text('title').notNull(),
  },
  (t) => [index('cue_points_track_idx').on(t.trackId, t.position)],
);
