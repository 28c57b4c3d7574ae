import { z } from 'zod';

/**
 * Every kind of background job: its payload schema and its retry policy. Payloads are validated
 * on both sides; an invalid payload is dropped (logged), never retried.
 */
export const jobDefinitions = {
  /** Make thumbnails, previews and facts for an uploaded photo. */
  'process-image': {
    schema: z.object({ imageId: z.uuid() }),
    options: { retryLimit: 5, retryDelay: 15, retryBackoff: true, expireInSeconds: 15 * 60 },
  },
  /** Probe, encode the tiers, compute peaks and loudness of an uploaded track. */
  'process-track': {
    schema: z.object({ trackId: z.uuid() }),
    // A 4-hour set takes minutes to encode; expiry must be well past that.
    options: { retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 3 * 60 * 60 },
  },
  /**
   * Turn an admin's uploaded image (`uploadId`, the key of the original) into the set's cover,
   * replacing the previous one; the original is removed afterwards.
   */
  'process-cover': {
    schema: z.object({ setId: z.uuid(), uploadId: z.string().regex(/^originals\/[0-9a-f-]{36}$/) }),
    options: { retryLimit: 5, retryDelay: 15, retryBackoff: true, expireInSeconds: 5 * 60 },
  },
  /** Delete S3 objects of removed tracks (original, renditions, peaks), then their rows. */
  'delete-tracks': {
    schema: z.object({ trackIds: z.array(z.uuid()).min(1) }),
    options: {
      retryLimit: 20,
      retryDelay: 30,
      retryBackoff: true,
      retryDelayMax: 3600,
      expireInSeconds: 15 * 60,
    },
  },
  /** Delete S3 objects of removed images, then their rows (retried until S3 agrees). */
  'delete-images': {
    schema: z.object({ imageIds: z.array(z.uuid()).min(1) }),
    options: {
      retryLimit: 20,
      retryDelay: 30,
      retryBackoff: true,
      retryDelayMax: 3600,
      expireInSeconds: 15 * 60,
    },
  },
  /** Periodic: retry deletions stuck in `deleting` after a crash. */
  'sweep-deletions': {
    schema: z.object({}).passthrough(),
    options: { retryLimit: 1, expireInSeconds: 10 * 60 },
  },
  /**
   * Periodic: compare the bucket with the database. Reports objects without a row and rows whose
   * objects are gone; removes only orphans older than a day (a running upload is never an orphan).
   */
  'sweep-orphans': {
    schema: z.object({ dryRun: z.boolean().optional() }).passthrough(),
    options: { retryLimit: 1, expireInSeconds: 30 * 60 },
  },
} as const;

export type JobName = keyof typeof jobDefinitions;
export type JobPayload<N extends JobName> = z.infer<(typeof jobDefinitions)[N]['schema']>;

export const jobNames = Object.keys(jobDefinitions) as JobName[];
