import { countActiveAdmins, deleteMemberAccount, findUserById } from '@party/db';
import { TRPCError } from '@trpc/server';
import type { Context } from '../context';
import { clockOf } from '../share/share-access';

/**
 * Erases an account (`deleteMemberAccount`), refusing to remove the community's last admin who can
 * still sign in: nobody could invite or manage anyone after that.
 */
export async function eraseAccount(ctx: Pick<Context, 'db' | 'clock'>, userId: string): Promise<void> {
  const person = await findUserById(ctx.db, userId);
  if (!person) throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no such account.' });
  if (person.role === 'admin' && !person.disabled && (await countActiveAdmins(ctx.db)) <= 1) {
    throw new TRPCError({
      code: 'CONFLICT',
      message: 'The last admin cannot be deleted: make someone else an admin first.',
    });
  }
  if (!(await deleteMemberAccount(ctx.db, userId, clockOf(ctx)))) {
    throw new TRPCError({ code: 'NOT_FOUND', message: 'There is no such account.' });
  }
}
