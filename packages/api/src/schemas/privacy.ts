import { z } from 'zod';

/** The longest reason a member can give when asking to hide a photo, and the longest admin note. */
export const TAKEDOWN_REASON_MAX = 500;
export const TAKEDOWN_NOTE_MAX = 1000;

export const photoConsentSchema = z.enum(['fine', 'ask-first', 'never']);
export const setPhotoConsentSchema = z.object({ photoConsent: photoConsentSchema });

export const hideImageSchema = z.object({
  id: z.uuid(),
  reason: z.string().trim().max(TAKEDOWN_REASON_MAX).optional(),
});

export const takedownDecisionSchema = z.enum(['keep-hidden', 'delete', 'restore']);
export const decideTakedownSchema = z.object({
  id: z.uuid(),
  decision: takedownDecisionSchema,
  note: z.string().trim().max(TAKEDOWN_NOTE_MAX).optional(),
});

export const listTakedownsSchema = z.object({ show: z.enum(['open', 'all']).default('open') }).optional();

/** The download log of one photo or one track. */
export const listDownloadsSchema = z.union([
  z.object({ imageId: z.uuid() }),
  z.object({ trackId: z.uuid() }),
]);

export const setMailNoticesSchema = z.object({ on: z.boolean() });
