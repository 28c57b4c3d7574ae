import { z } from 'zod';
import { imageDownloadKindSchema } from './images';
import { streamTierSchema } from './listening';

/** Share links expire: 7 days unless the admin says otherwise, never more than 90, never "forever". */
export const SHARE_LINK_DEFAULT_DAYS = 7;
export const SHARE_LINK_MAX_DAYS = 90;

const target = {
  eventId: z.uuid().optional(),
  setId: z.uuid().optional(),
};
const oneTarget = (value: { eventId?: string; setId?: string }) =>
  (value.eventId === undefined) !== (value.setId === undefined);
const oneTargetMessage = { message: 'A share link opens exactly one event gallery or one music set.' };

export const createShareLinkSchema = z
  .object({
    ...target,
    expiresInDays: z
      .number()
      .int()
      .min(1, 'A share link must last at least one day.')
      .max(SHARE_LINK_MAX_DAYS, `A share link can last at most ${SHARE_LINK_MAX_DAYS} days.`)
      .default(SHARE_LINK_DEFAULT_DAYS),
    password: z
      .string()
      .min(6, 'A password needs at least 6 characters, or leave it empty.')
      .max(200)
      .optional(),
    allowDownload: z.boolean().default(false),
    label: z.string().trim().max(100).optional(),
  })
  .refine(oneTarget, oneTargetMessage);

export const listShareLinksSchema = z.object(target).refine(oneTarget, oneTargetMessage);
export const shareLinkIdSchema = z.object({ id: z.uuid() });

/**
 * What a guest sends with every call: the link's token and, for a link with a password, the
 * access key `share.unlock` gave them.
 */
export const shareTokenSchema = z.object({
  token: z.string().min(20, 'This share link is incomplete.').max(200),
  access: z.string().max(200).optional(),
});
export const unlockShareSchema = z.object({
  token: shareTokenSchema.shape.token,
  password: z.string().min(1, 'Enter the password.').max(200),
});
export const shareImageDownloadSchema = shareTokenSchema.extend({
  imageId: z.uuid(),
  kind: imageDownloadKindSchema,
});
export const shareStreamUrlSchema = shareTokenSchema.extend({
  trackId: z.uuid(),
  tier: streamTierSchema.default('medium'),
});
export const shareTrackDownloadSchema = shareTokenSchema.extend({
  trackId: z.uuid(),
  kind: z.enum(['original', 'flac']),
});
