import { z } from 'zod';

export const setMemberDisabledSchema = z.object({
  userId: z.string().min(1),
  disabled: z.boolean(),
});
