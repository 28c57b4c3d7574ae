import { z } from 'zod';

/** At most this many addresses in one pasted list: one request, one invite and one mail job each. */
export const MAX_INVITE_LIST = 200;

const inviteOptions = {
  role: z.enum(['member', 'admin']).default('member'),
  expiresInDays: z.number().int().min(1).max(60).default(7),
  note: z.string().trim().max(200).optional(),
  /** Send the link by e-mail (through the mail job) instead of only showing it. */
  sendEmail: z.boolean().default(false),
};

export const createInviteSchema = z
  .object({
    email: z.email('Enter a valid e-mail address, or leave it empty.').max(254).optional(),
    ...inviteOptions,
  })
  .refine((input) => !input.sendEmail || input.email, {
    path: ['email'],
    message: 'Enter the e-mail address to send the invite to.',
  });

/** A pasted list of addresses (one per line, or separated by commas or semicolons): one invite each. */
export const createInviteListSchema = z.object({
  addresses: z.string().min(1, 'Paste at least one e-mail address.').max(50_000),
  ...inviteOptions,
});

export const checkInviteSchema = z.object({
  token: z.string().min(10, 'This invite link is incomplete.').max(200),
});

export const revokeInviteSchema = z.object({ id: z.uuid() });
