import { TRPCError } from '@trpc/server';
import { adminProcedure, router } from '../../trpc';

export const adminMailRouter = router({
  /** How mail leaves this server: `smtp`, `local` (the catch-all) or `off`. */
  status: adminProcedure.query(({ ctx }) => ({ mode: ctx.mail?.mode ?? 'off' })),

  /** What the local catch-all received, newest first (development without `SMTP_URL`). */
  caught: adminProcedure.query(async ({ ctx }) => {
    const caught = ctx.mail?.caught;
    if (!caught) {
      throw new TRPCError({
        code: 'PRECONDITION_FAILED',
        message: 'There is no local mail catch-all here: mail goes to the configured SMTP server, or is off.',
      });
    }
    return caught();
  }),
});
