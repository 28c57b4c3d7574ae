import { z } from 'zod';

/**
 * Work that runs longer than a moment beats every 10 s (pg-boss refreshes the claim at half this
 * interval). A job whose worker died (SIGKILL, power loss) stops beating and is retried once its
 * heartbeat is 20 s old and the next supervision pass (every 10 s, see queue.ts) sees it, instead
 * of waiting for `expireInSeconds`. A live worker whose claim was taken (e.g. its database was away
 * longer than that) finds out at its next beat, and its job's abort signal stops it.
 */
const LIVENESS = { heartbeatSeconds: 20 } as const;

/** Mail: exponential backoff from 30 s, at most 10 min apart, 5 attempts in all. */
const MAIL_RETRIES = {
  retryLimit: 4,
  retryDelay: 30,
  retryBackoff: true,
  retryDelayMax: 600,
  expireInSeconds: 2 * 60,
} as const;

/**
 * Every kind of background job: its payload schema and its retry policy. Payloads are validated
 * on both sides; an invalid payload is dropped (logged), never retried.
 */
export const jobDefinitions = {
  /** Make thumbnails, previews and facts for an uploaded photo. */
  'process-image': {
    schema: z.object({ imageId: z.uuid() }),
    options: { ...LIVENESS, retryLimit: 5, retryDelay: 15, retryBackoff: true, expireInSeconds: 15 * 60 },
  },
  /**
   * After a photo is `ready`: its full-size JPEG and AVIF preview. Waits while any `process-image`
   * job is queued or running, so it never delays a gallery (README, Architecture).
   */
  'finish-image': {
    schema: z.object({ imageId: z.uuid() }),
    options: { ...LIVENESS, retryLimit: 5, retryDelay: 30, retryBackoff: true, expireInSeconds: 15 * 60 },
  },
  /** Probe, encode the tiers, compute peaks and loudness of an uploaded track. */
  'process-track': {
    schema: z.object({ trackId: z.uuid() }),
    // A 4-hour set takes minutes to encode; expiry must be well past that. A worker that dies is
    // noticed by its heartbeat instead, and the retry starts 10–20 s later.
    options: {
      ...LIVENESS,
      retryLimit: 3,
      retryDelay: 10,
      retryBackoff: true,
      expireInSeconds: 3 * 60 * 60,
    },
  },
  /**
   * Turn an admin's uploaded image (`uploadId`, the key of the original) into the set's cover,
   * replacing the previous one; the original is removed afterwards.
   */
  'process-cover': {
    schema: z.object({ setId: z.uuid(), uploadId: z.string().regex(/^originals\/[0-9a-f-]{36}$/) }),
    options: { ...LIVENESS, retryLimit: 5, retryDelay: 15, retryBackoff: true, expireInSeconds: 5 * 60 },
  },
  /** Delete S3 objects of removed tracks (original, renditions, peaks), then their rows. */
  'delete-tracks': {
    schema: z.object({ trackIds: z.array(z.uuid()).min(1) }),
    options: {
      ...LIVENESS,
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
      ...LIVENESS,
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
  /** Periodic: abort S3 multipart uploads of uploads past their expiry, so their parts stop costing. */
  'sweep-expired-uploads': {
    schema: z.object({}).passthrough(),
    options: { retryLimit: 1, expireInSeconds: 30 * 60 },
  },
  /**
   * Apply one verified webhook delivery of the ticketing backend (stored in `ticketing_deliveries`
   * under its `webhook-id`). Retried with backoff, e.g. while an attendance waits for its event.
   */
  'ticketing-delivery': {
    schema: z.object({ webhookId: z.string().min(1).max(200) }),
    options: {
      retryLimit: 8,
      retryDelay: 10,
      retryBackoff: true,
      retryDelayMax: 600,
      expireInSeconds: 5 * 60,
    },
  },
  /**
   * Compare with the ticketing backend's pull API and repair what webhooks missed: nightly (no
   * `runId`: the job makes its own run row) and from the admin's "Sync now" (`runId` of that row).
   */
  'ticketing-sync': {
    schema: z.object({ runId: z.uuid().optional() }).passthrough(),
    // A failed run is reported, not retried (the admin can press "Sync now" again); a worker that
    // died mid-run leaves a run that `createSyncRun` closes once it is older than the expiry.
    options: { ...LIVENESS, retryLimit: 0, expireInSeconds: 30 * 60 },
  },
  /**
   * Send an invite's e-mail. The link is sealed (`sealedLink`, AES-GCM under a key from the auth
   * secret) because job payloads sit in the database, where only hashes of invite tokens may be.
   * Retried with exponential backoff from 30 s, 5 attempts in all, so a slow or absent SMTP server
   * never blocks a request.
   */
  'send-invite-mail': {
    schema: z.object({ inviteId: z.uuid(), sealedLink: z.string().min(20).max(2000) }),
    options: MAIL_RETRIES,
  },
  /**
   * Periodic (hourly): mark invites whose mail went out `INVITE_REMINDER_AFTER_DAYS` ago and that
   * are still open as due, and queue one `send-invite-reminder` each. Only while mail is on.
   */
  'queue-invite-reminders': {
    schema: z.object({}).passthrough(),
    options: { retryLimit: 1, expireInSeconds: 5 * 60 },
  },
  /** Send an invite's one reminder (the sealed link is on the invite). Retried like the invite mail. */
  'send-invite-reminder': {
    schema: z.object({ inviteId: z.uuid() }),
    options: MAIL_RETRIES,
  },
  /**
   * Send a batch of "new gallery / new set" notices (at most `NOTICE_BATCH`). A retry sends only the
   * ones not yet sent; after the last attempt the rest are `failed`. Retried like the invite mail.
   */
  'send-notices': {
    schema: z.object({ noticeIds: z.array(z.uuid()).min(1).max(100) }),
    options: { ...MAIL_RETRIES, expireInSeconds: 10 * 60 },
  },
} as const;

/** Notices per `send-notices` job: one SMTP conversation's worth, small enough to retry. */
export const NOTICE_BATCH = 50;

export type JobName = keyof typeof jobDefinitions;
export type JobPayload<N extends JobName> = z.infer<(typeof jobDefinitions)[N]['schema']>;

export const jobNames = Object.keys(jobDefinitions) as JobName[];
