import {
  claimInvite,
  claimPendingAttendances,
  type Database,
  findInviteByTokenHash,
  findUserById,
  schema,
} from '@party/db';
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { APIError } from 'better-auth/api';
import { inviteProblem } from './invite-errors';
import { hashInviteToken } from './invite-token';

export interface AuthOptions {
  db: Database;
  /** Signs session cookies; at least 32 random characters in production. */
  secret: string;
  /** Public origin of the app, e.g. https://media.example.org */
  baseURL: string;
  /** Origins allowed to send credentialed requests (the public origin is always included). */
  trustedOrigins: string[];
  /**
   * Header the HTTP server fills with the socket's address (overwriting any client value), used to
   * key the login rate limit. Without it better-auth would trust a client-sent X-Forwarded-For.
   */
  clientIpHeader: string;
  /** Sign-in attempts allowed per client address and window. */
  signInRateLimit?: { window: number; max: number };
}

const SIGN_UP_PATH = '/sign-up/email';

/**
 * better-auth configured for this community: email + password, sessions in PostgreSQL, roles,
 * invite-only sign-up and a rate-limited login.
 *
 * Sign-up through `/api/auth/sign-up/email` must carry `inviteToken` in its body; the invite is
 * claimed atomically in the same step that creates the user and decides the user's role. Users
 * created on the server itself (CLI, demo seed) pass no endpoint context and need no invite.
 */
export function createAuth(options: AuthOptions) {
  return betterAuth({
    secret: options.secret,
    baseURL: options.baseURL,
    basePath: '/api/auth',
    trustedOrigins: [...new Set([options.baseURL, ...options.trustedOrigins])],
    database: drizzleAdapter(options.db, {
      provider: 'pg',
      schema: {
        user: schema.user,
        session: schema.session,
        account: schema.account,
        verification: schema.verification,
        rateLimit: schema.rateLimit,
      },
    }),
    emailAndPassword: { enabled: true, minPasswordLength: 10, maxPasswordLength: 256, autoSignIn: true },
    user: {
      additionalFields: {
        role: { type: 'string', input: false, defaultValue: 'member', required: false },
        disabled: { type: 'boolean', input: false, defaultValue: false, required: false },
      },
    },
    session: { expiresIn: 60 * 60 * 24 * 30, updateAge: 60 * 60 * 24 },
    rateLimit: {
      enabled: true,
      storage: 'database',
      window: 60,
      max: 120,
      customRules: {
        '/sign-in/email': options.signInRateLimit ?? { window: 60, max: 5 },
        [SIGN_UP_PATH]: { window: 60, max: 10 },
      },
    },
    advanced: {
      ipAddress: { ipAddressHeaders: [options.clientIpHeader] },
      // better-auth turns its origin (CSRF) check off under NODE_ENV=test; tests must see production behaviour.
      disableOriginCheck: false,
      disableCSRFCheck: false,
      defaultCookieAttributes: { httpOnly: true, sameSite: 'lax' },
    },
    databaseHooks: {
      user: {
        create: {
          before: async (user, ctx) => {
            if (!ctx) return; // created on the server (CLI, seed): trusted
            if (ctx.path !== SIGN_UP_PATH) {
              throw new APIError('FORBIDDEN', { message: 'Accounts are created by invitation only.' });
            }
            const body: unknown = ctx.body;
            const token =
              body &&
              typeof body === 'object' &&
              'inviteToken' in body &&
              typeof body.inviteToken === 'string'
                ? body.inviteToken
                : '';
            if (!token) {
              throw new APIError('BAD_REQUEST', {
                message: 'Sign-up needs an invite. Open the invite link you were sent.',
              });
            }
            const tokenHash = hashInviteToken(token);
            const claimed = await claimInvite(options.db, { tokenHash, email: user.email });
            if (!claimed) {
              const invite = await findInviteByTokenHash(options.db, tokenHash);
              throw new APIError('BAD_REQUEST', {
                message: inviteProblem(invite, user.email) ?? 'This invite could not be used. Try again.',
              });
            }
            return { data: { ...user, role: claimed.role, disabled: false } };
          },
        },
      },
      session: {
        create: {
          before: async (session) => {
            const owner = await findUserById(options.db, session.userId);
            if (owner?.disabled) {
              throw new APIError('FORBIDDEN', {
                message: 'This account has been disabled. Ask an admin of the community.',
              });
            }
          },
          // Attendances the ticketing backend sent before this person had an account become theirs.
          after: async (session) => {
            try {
              await claimPendingAttendances(options.db, { id: session.userId });
            } catch {
              // Signing in must not fail over this: the pending rows stay and the next sign-in claims them.
            }
          },
        },
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;
