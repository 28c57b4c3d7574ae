import { z } from 'zod';
import { COMMENT_MAX_LENGTH, REPORT_REASON_MAX } from '../social/comment-rules';

/** The longest track there is, with room: a comment cannot sit past it. */
const MAX_SECONDS = 24 * 3600;

const commentBody = z
  .string()
  .max(COMMENT_MAX_LENGTH * 2, `A comment has at most ${COMMENT_MAX_LENGTH} characters.`);

export const listCommentsSchema = z.object({ trackId: z.uuid() });
export const createCommentSchema = z.object({
  trackId: z.uuid(),
  atSeconds: z.number().min(0).max(MAX_SECONDS),
  body: commentBody,
});
export const updateCommentSchema = z.object({ id: z.uuid(), body: commentBody });
export const commentIdSchema = z.object({ id: z.uuid() });
export const reportCommentSchema = z.object({
  id: z.uuid(),
  reason: z.string().trim().max(REPORT_REASON_MAX).optional(),
});

export const setCommentsEnabledSchema = z.object({ setId: z.uuid(), enabled: z.boolean() });
export const listCommentReportsSchema = z.object({ setId: z.uuid().optional() }).optional();
