import { z } from 'zod';

export const createInviteSchema = z.object({
  email: z.email('Enter a valid e-mail address, or leave it empty.').max(254).optional(),
  role: z.enum(['member', 'admin']).default('member'),
  expiresInDays: z.number().int().min(1).max(60).default(7),
  note: z.string().trim().max(200).optional(),
});

export const checkInviteSchema = z.object({
  token: z.string().min(10, 'This invite link is incomplete.').max(200),
});

export const revokeInviteSchema = z.object({ id: z.uuid() });
