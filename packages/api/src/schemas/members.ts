import { z } from 'zod';

export const setMemberDisabledSchema = z.object({
  userId: z.string().min(1),
  disabled: z.boolean(),
});

export const memberIdSchema = z.object({ userId: z.string().min(1) });

/** Deleting one's own account is confirmed by typing one's e-mail address. */
export const deleteOwnAccountSchema = z.object({ confirmEmail: z.string().max(254) });
