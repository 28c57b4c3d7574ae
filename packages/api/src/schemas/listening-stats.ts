import { z } from 'zod';

/** At most this many tracks in one batch; the player sends far fewer. */
export const LISTENING_BATCH_MAX_ENTRIES = 50;
/** At most this many minute buckets per entry (a 4-hour set heard end to end in one batch). */
const MAX_MINUTES = 24 * 60;

/**
 * One batch of what the player heard (`listening.report`). `batchId` is chosen by the player and
 * makes a resend harmless: a batch id counts once.
 */
export const reportListeningSchema = z.object({
  batchId: z.uuid(),
  entries: z
    .array(
      z.object({
        trackId: z.uuid(),
        at: z.coerce.date(),
        started: z.boolean(),
        qualified: z.boolean(),
        fraction: z.number().min(0).max(1),
        minutes: z
          .array(
            z.object({
              minute: z.number().int().min(0).max(MAX_MINUTES),
              // A minute holds at most 60 s of one play's listening.
              seconds: z.number().min(0).max(60),
            }),
          )
          .max(MAX_MINUTES),
      }),
    )
    .max(LISTENING_BATCH_MAX_ENTRIES),
});

export const STATS_RANGES = [7, 30, 90, 365] as const;
export const listeningStatsSchema = z.object({
  setId: z.uuid(),
  days: z.literal(STATS_RANGES).default(30),
});
