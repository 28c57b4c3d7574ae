import {
  claimInvite,
  claimPendingAttendances,
  type Database,
  findInviteByTokenHash,
  findUserById,
  schema,
  setUserRole,
} from '@party/db';
import { type BetterAuthOptions, betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { APIError } from 'better-auth/api';
import { inviteProblem } from './invite-errors';
import { hashInviteToken } from './invite-token';
import {
  checkNewSession,
  checkOidcAccountLink,
  roleForNewOidcUser,
  type SignInPolicy,
  signInPolicyPlugin,
  ticketingOAuthPlugin,
} from './oidc';
import type { SessionCheckConfig } from './session-check';

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
  /** Sign-in with the ticketing backend (OpenID Connect) and whether passwords work; local only by default. */
  signIn?: SignInPolicy;
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
  const auth = configureAuth(options);
  sessionChecks.set(auth, { db: options.db, config: auth.$context.then(sessionCheckConfig, () => null) });
  return auth;
}

function configureAuth(options: AuthOptions) {
  const signIn: SignInPolicy = options.signIn ?? { localSignIn: true };
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
    // The ticketing backend is not a trusted provider: its account is linked to an existing one only
    // when it says the e-mail is verified (`email_verified`) and ours is verified too.
    account: { accountLinking: { enabled: true, requireLocalEmailVerified: true } },
    plugins: [...(signIn.oidc ? [ticketingOAuthPlugin(signIn.oidc)] : []), signInPolicyPlugin(signIn)],
    rateLimit: {
      enabled: true,
      storage: 'database',
      window: 60,
      max: 120,
      customRules: {
        '/sign-in/email': options.signInRateLimit ?? { window: 60, max: 5 },
        [SIGN_UP_PATH]: { window: 60, max: 10 },
        // Starting a sign-in with the ticketing backend checks no password (the provider does), so
        // the strict default for `/sign-in/*` (3 in 10 s) would only lock out a shared address.
        '/sign-in/social': { window: 60, max: 60 },
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
            // Signed in with the ticketing backend and its member claim: no invite needed.
            const oidcRole = await roleForNewOidcUser(signIn, ctx);
            if (oidcRole) return { data: { ...user, role: oidcRole, disabled: false } };
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
            // An invite made out to this address vouches for it (the admin chose it), so the address
            // counts as verified and a verified ticketing account with it may link to this one.
            const vouched = claimed.email?.toLowerCase() === user.email.toLowerCase();
            return { data: { ...user, role: claimed.role, disabled: false, emailVerified: vouched } };
          },
        },
      },
      account: {
        create: {
          before: async (account, ctx) => {
            await checkOidcAccountLink(signIn, account, ctx);
          },
        },
      },
      session: {
        create: {
          before: async (session, ctx) => {
            const owner = await findUserById(options.db, session.userId);
            if (owner?.disabled) {
              throw new APIError('FORBIDDEN', {
                code: 'account_disabled',
                message: 'This account has been disabled. Ask an admin of the community.',
              });
            }
            if (owner) {
              await checkNewSession(signIn, owner, ctx, async (userId, role) => {
                await setUserRole(options.db, { userId, role });
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

export type Auth = ReturnType<typeof configureAuth>;

type AuthContext = Awaited<Auth['$context']>;

/** What the one-statement session check reads of better-auth's settled configuration. */
function sessionCheckConfig(context: AuthContext): SessionCheckConfig {
  const session: BetterAuthOptions['session'] = context.options.session;
  return {
    sessionCookieName: context.authCookies.sessionToken.name,
    dontRememberCookieName: context.authCookies.dontRememberToken.name,
    secret: context.secret,
    expiresIn: context.sessionConfig.expiresIn,
    updateAge: context.sessionConfig.updateAge,
    // Only better-auth's default session handling is mirrored; anything else stays with better-auth.
    standard:
      !session?.cookieCache?.enabled &&
      !session?.disableSessionRefresh &&
      !session?.deferSessionRefresh &&
      context.secondaryStorage === undefined,
  };
}

const sessionChecks = new WeakMap<Auth, { db: Database; config: Promise<SessionCheckConfig | null> }>();

/** The session check of an auth made by `createAuth` (undefined for any other: better-auth decides). */
export function sessionCheckOf(auth: Auth) {
  return sessionChecks.get(auth);
}
