import { z } from 'zod';

export const listMusicSetsSchema = z.object({ query: z.string().trim().max(100).optional() }).optional();
export const streamTierSchema = z.enum(['high', 'medium', 'original']);
export const streamUrlSchema = z.object({ trackId: z.uuid(), tier: streamTierSchema.default('medium') });
export const trackDownloadSchema = z.object({ trackId: z.uuid(), kind: z.enum(['original', 'flac']) });
export const savePositionSchema = z.object({
  trackId: z.uuid(),
  positionSeconds: z
    .number()
    .min(0)
    .max(24 * 3600),
});
