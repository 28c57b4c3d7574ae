import type { Role } from '@party/db';
import type { Auth } from './create-auth';

/**
 * Creates an account with an email + password login directly on the server (no invite): for the
 * first-admin CLI and the demo seed. Throws when the address is taken.
 */
export async function createUserWithPassword(
  auth: Auth,
  params: { email: string; password: string; name: string; role: Role },
): Promise<{ id: string }> {
  const ctx = await auth.$context;
  const email = params.email.toLowerCase();
  if (await ctx.internalAdapter.findUserByEmail(email)) {
    throw new Error(`An account for ${email} already exists.`);
  }
  const user = await ctx.internalAdapter.createUser(
    {
      email,
      name: params.name,
      emailVerified: true,
      role: params.role,
      disabled: false,
    },
    { method: 'admin' },
  );
  await ctx.internalAdapter.linkAccount({
    userId: user.id,
    providerId: 'credential',
    accountId: user.id,
    password: await ctx.password.hash(params.password),
  });
  return { id: user.id };
}
