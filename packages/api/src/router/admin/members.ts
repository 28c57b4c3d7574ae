import { listUsers, setUserDisabled } from '@party/db';
import { TRPCError } from '@trpc/server';
import { setMemberDisabledSchema } from '../../schemas/members';
import { adminProcedure, router } from '../../trpc';

export const adminMembersRouter = router({
  list: adminProcedure.query(async ({ ctx }) => {
    const users = await listUsers(ctx.db);
    return users.map((u) => ({
      id: u.id,
      email: u.email,
      name: u.name,
      role: u.role,
      disabled: u.disabled,
      createdAt: u.createdAt,
    }));
  }),

  /** Disables (signs out everywhere, refuses new sign-ins) or re-enables an account. */
  setDisabled: adminProcedure.input(setMemberDisabledSchema).mutation(async ({ ctx, input }) => {
    if (input.userId === ctx.viewer.id) {
      throw new TRPCError({ code: 'BAD_REQUEST', message: 'You cannot disable your own account.' });
    }
    const updated = await setUserDisabled(ctx.db, input);
    if (!updated) throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no such account.' });
    return { id: updated.id, disabled: updated.disabled };
  }),
});
