import { exportMemberData, listUsers, setUserDisabled } from '@party/db';
import { TRPCError } from '@trpc/server';
import { eraseAccount } from '../../account/erase-account';
import { memberIdSchema, setMemberDisabledSchema } from '../../schemas/members';
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

  /** Everything stored about a member, as JSON: what they would get from `account.export`. */
  export: adminProcedure.input(memberIdSchema).query(async ({ ctx, input }) => {
    const data = await exportMemberData(ctx.db, input.userId);
    if (!data) throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no such account.' });
    return { exportedAt: new Date(), ...data };
  }),

  /** Deletes a member's account as `account.delete` does; one's own account is deleted from the account page. */
  delete: adminProcedure.input(memberIdSchema).mutation(async ({ ctx, input }) => {
    if (input.userId === ctx.viewer.id) {
      throw new TRPCError({
        code: 'BAD_REQUEST',
        message: 'Delete your own account from your account page in the member app.',
      });
    }
    await eraseAccount(ctx, input.userId);
    return { deleted: true };
  }),
});
