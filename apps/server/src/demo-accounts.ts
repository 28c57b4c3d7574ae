import type { Auth } from '@party/api/auth';
import { createUserWithPassword } from '@party/api/auth';
import type { Role } from '@party/db';

export const DEMO_ACCOUNTS: ReadonlyArray<{ email: string; name: string; role: Role }> = [
  { email: 'admin@demo.local', name: 'Demo Admin', role: 'admin' },
  { email: 'member@demo.local', name: 'Demo Member', role: 'member' },
];

/**
 * Makes sure the demo admin and member exist and sign in with `password` (an existing demo
 * account gets its password reset, so the printed credentials are always the working ones).
 */
export async function seedDemoAccounts(auth: Auth, password: string): Promise<void> {
  const ctx = await auth.$context;
  for (const account of DEMO_ACCOUNTS) {
    const existing = await ctx.internalAdapter.findUserByEmail(account.email);
    if (existing) {
      await ctx.internalAdapter.updatePassword(existing.user.id, await ctx.password.hash(password));
    } else {
      await createUserWithPassword(auth, { ...account, password });
    }
  }
}
