import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { user } from './auth';
import { events } from './events';
import type { Visibility } from './visibility';

export const imageStatuses = ['processing', 'ready', 'failed', 'deleting'] as const;
export type ImageStatus = (typeof imageStatuses)[number];

/** An event photo: the untouched original in S3 plus facts and derivatives made by processing. */
export const images = pgTable(
  'images',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'restrict' }),
    uploadId: text('upload_id').unique(),
    originalKey: text('original_key').notNull(),
    originalName: text('original_name').notNull(),
    mime: text('mime'),
    bytes: bigint('bytes', { mode: 'number' }).notNull(),
    sha256: text('sha256'),
    width: integer('width'),
    height: integer('height'),
    takenAt: timestamp('taken_at', { withTimezone: true }),
    thumbhash: text('thumbhash'),
    status: text('status').$type<ImageStatus>().notNull().default('processing'),
    /** Why processing failed, in words for the admin. */
    failureReason: text('failure_reason'),
    /**
     * False when the file itself was refused (not an image, too many pixels): processing it again
     * fails the same way, so the admin is offered Remove instead of Retry.
     */
    failureRetryable: boolean('failure_retryable').notNull().default(true),
    /** Processing progress, 0..100. */
    progress: integer('progress').notNull().default(0),
    /** Set when this photo's bytes are already in the event: the id of the earlier image. */
    duplicateOf: uuid('duplicate_of'),
    visibility: text('visibility').$type<Visibility>().notNull().default('draft'),
    /**
     * Where the admin put this photo in the gallery (0 first). Null until the admin orders the
     * gallery by hand or sorts it; unpositioned photos follow the positioned ones (`GALLERY_ORDER`).
     */
    position: integer('position'),
    allowOriginalDownload: boolean('allow_original_download').notNull().default(false),
    /**
     * Set when a member asked to hide this photo ("This is me — hide it"), cleared when an admin
     * restores it. While set, the photo is for admins only, whatever its visibility (`visibleTo`).
     */
    hiddenAt: timestamp('hidden_at', { withTimezone: true }),
    createdBy: text('created_by').references(() => user.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('images_event_idx').on(t.eventId, t.takenAt, t.createdAt),
    // The media proxy asks "is this key a hidden photo's?" on every request: hidden photos are few.
    index('images_hidden_original_key_idx').on(t.originalKey).where(sql`${t.hiddenAt} is not null`),
    // One stored copy of a photo per event: a second upload of the same bytes is flagged instead.
    uniqueIndex('images_event_sha256_idx')
      .on(t.eventId, t.sha256)
      .where(sql`${t.duplicateOf} is null and ${t.sha256} is not null`),
  ],
);

export const imageVariantNames = ['thumb', 'preview', 'full'] as const;

/** The stored formats of image derivatives and their Content-Type. */
export const imageVariantContentTypes = {
  webp: 'image/webp',
  avif: 'image/avif',
  jpeg: 'image/jpeg',
} as const;
export type ImageVariantFormat = keyof typeof imageVariantContentTypes;
export type ImageVariantName = (typeof imageVariantNames)[number];

export const imageVariants = pgTable(
  'image_variants',
  {
    imageId: uuid('image_id')
      .notNull()
      .references(() => images.id, { onDelete: 'cascade' }),
    variant: text('variant').$type<ImageVariantName>().notNull(),
    format: text('format').$type<ImageVariantFormat>().notNull(),
    key: text('key').notNull(),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    bytes: bigint('bytes', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.imageId, t.variant, t.format] })],
);
