import { defineRequestState } from '@better-auth/core/context';
import type { Role } from '@party/db';
import type { BetterAuthPlugin } from 'better-auth';
import { APIError, createAuthEndpoint, createAuthMiddleware } from 'better-auth/api';
import { genericOAuth } from 'better-auth/plugins';
import { type ClaimMapping, type MembershipDecision, roleFromClaims } from './role-from-claims';

/**
 * better-auth's provider id of the ticketing backend: accounts it signs in carry
 * `account.providerId = 'ticketing'` and `account.accountId = <OIDC sub>`, and its callback is
 * `/api/auth/callback/ticketing`.
 */
export const TICKETING_PROVIDER_ID = 'ticketing';

/** The ticketing backend as an OpenID Connect provider (`OIDC_*`). */
export interface OidcOptions extends ClaimMapping {
  /** Issuer URL; discovery is read from `<issuer>/.well-known/openid-configuration`. */
  issuer: string;
  clientId: string;
  clientSecret?: string;
  /** Shown on the button: "Sign in with <providerName>". */
  providerName: string;
  scopes: string[];
}

/** Who may sign in how. Without `oidc`, exactly the local, invite-only accounts. */
export interface SignInPolicy {
  oidc?: OidcOptions;
  /** `false`: password sign-in only for admins (break-glass), no password sign-up. */
  localSignIn: boolean;
}

/** What `GET /api/auth/login-options` tells the login pages. */
export interface SignInOptions {
  provider: { id: typeof TICKETING_PROVIDER_ID; name: string } | null;
  localSignIn: boolean;
}

/**
 * The membership the provider's claims gave the sign-in in progress, from `mapProfileToUser` (which
 * sees the verified claims) to the database hooks that create the user and the session (which do
 * not). Request-scoped: one sign-in's decision never reaches another request.
 */
const membershipOfThisSignIn = defineRequestState<MembershipDecision | null>(() => null);

function normalizeIssuer(issuer: string): string {
  return issuer.replace(/\/+$/, '');
}

/** The `sub` of an ID token's payload (already verified against the provider's keys by better-auth). */
function idTokenSubject(idToken: string): string {
  const payload = idToken.split('.')[1];
  if (!payload) throw new Error('the ID token is not a JWT');
  const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  const subject = typeof claims === 'object' && claims !== null ? Reflect.get(claims, 'sub') : undefined;
  if (typeof subject !== 'string' || !subject) throw new Error('the ID token has no subject');
  return subject;
}

/**
 * better-auth's generic OAuth plugin, configured for the ticketing backend: discovery from the
 * issuer, authorization code with PKCE, `state` (bound to a cookie), `nonce`, and an ID token that
 * must verify against the discovered JWKS (signature, `iss`, `aud`, `exp`, `nonce`); the provider is
 * skipped (and retried at the next sign-in) while discovery offers no JWKS.
 */
export function ticketingOAuthPlugin(oidc: OidcOptions) {
  return genericOAuth({
    config: [
      {
        providerId: TICKETING_PROVIDER_ID,
        name: oidc.providerName,
        discoveryUrl: `${normalizeIssuer(oidc.issuer)}/.well-known/openid-configuration`,
        requireIdTokenVerification: true,
        clientId: oidc.clientId,
        clientSecret: oidc.clientSecret,
        scopes: oidc.scopes,
        pkce: true,
        // The account is keyed by the verified ID token's subject, never by userinfo alone: a token
        // response without an ID token (so without a nonce to check) signs nobody in.
        accountSubject: ({ tokens }) => {
          if (!tokens.idToken) throw new Error('the token response carries no ID token');
          return idTokenSubject(tokens.idToken);
        },
        mapProfileToUser: async (profile) => {
          await membershipOfThisSignIn.set(roleFromClaims(profile, oidc));
          return {};
        },
      },
    ],
  });
}

/** The minimal shape of better-auth's endpoint context that the hooks below read. */
interface HookContext {
  path?: string;
  params?: unknown;
}

function isTicketingCallback(ctx: HookContext | null | undefined): boolean {
  if (ctx?.path !== '/callback/:id') return false;
  const params = ctx.params;
  return typeof params === 'object' && params !== null && Reflect.get(params, 'id') === TICKETING_PROVIDER_ID;
}

function notAMember(oidc: OidcOptions): APIError {
  return new APIError('FORBIDDEN', {
    code: 'not_a_member',
    message: `Your ${oidc.providerName} account is not a member of this community, so it cannot sign in here.`,
  });
}

/**
 * The role a user created by this request gets, when the request is a ticketing sign-in: the role
 * from the claims. Throws `not_a_member` (shown on the login page) without the member claim. Returns
 * undefined for any other request (invite sign-up, CLI), which the invite rules decide.
 */
export async function roleForNewOidcUser(
  policy: SignInPolicy,
  ctx: HookContext | null | undefined,
): Promise<Role | undefined> {
  if (!policy.oidc || !isTicketingCallback(ctx)) return undefined;
  const decision = await membershipOfThisSignIn.get();
  if (!decision?.role) throw notAMember(policy.oidc);
  return decision.role;
}

/** Refuses to link the ticketing account of someone without the member claim to a local account. */
export async function checkOidcAccountLink(
  policy: SignInPolicy,
  account: { providerId: string },
  ctx: HookContext | null | undefined,
): Promise<void> {
  if (!policy.oidc || account.providerId !== TICKETING_PROVIDER_ID || !isTicketingCallback(ctx)) return;
  const decision = await membershipOfThisSignIn.get();
  if (!decision?.role) throw notAMember(policy.oidc);
}

const LOCAL_SIGN_IN_OFF = (providerName: string) =>
  `Password sign-in is turned off here: use "Sign in with ${providerName}".`;

/**
 * Runs before every new session. A ticketing sign-in: refused without the member claim, otherwise
 * the user's role is set from the claims (so a demotion or exclusion at the provider takes effect at
 * the next sign-in). A password sign-in with `LOCAL_SIGN_IN=false`: only admins (the break-glass
 * path); checked after the password, so the answer never tells which addresses are admins.
 */
export async function checkNewSession(
  policy: SignInPolicy,
  user: { id: string; role: Role },
  ctx: HookContext | null | undefined,
  setRole: (userId: string, role: Role) => Promise<void>,
): Promise<void> {
  if (policy.oidc && isTicketingCallback(ctx)) {
    const decision = await membershipOfThisSignIn.get();
    if (!decision?.role) throw notAMember(policy.oidc);
    if (decision.role !== user.role) await setRole(user.id, decision.role);
    return;
  }
  if (!policy.localSignIn && ctx?.path === '/sign-in/email' && user.role !== 'admin') {
    throw new APIError('FORBIDDEN', {
      code: 'local_sign_in_disabled',
      message: LOCAL_SIGN_IN_OFF(policy.oidc?.providerName ?? 'your community account'),
    });
  }
}

/**
 * Whether the provider announces `iss` in its authorization responses (RFC 9207,
 * `authorization_response_iss_parameter_supported`). better-auth compares an `iss` it receives, but
 * accepts a response without one; a provider that announces it must send it (RFC 9207 §2.4).
 */
function issInResponsesAnnounced(issuer: string): () => Promise<boolean> {
  let announced: Promise<boolean> | undefined;
  return () => {
    announced ??= fetch(`${normalizeIssuer(issuer)}/.well-known/openid-configuration`, {
      signal: AbortSignal.timeout(10_000),
    })
      .then(async (response) => {
        if (!response.ok) throw new Error(`discovery answered ${response.status}`);
        const document: unknown = await response.json();
        return bodyField(document, 'authorization_response_iss_parameter_supported') === true;
      })
      .catch((error: unknown) => {
        announced = undefined; // asked again at the next sign-in
        throw error;
      });
    return announced;
  };
}

function bodyField(body: unknown, key: string): unknown {
  return typeof body === 'object' && body !== null ? Reflect.get(body, key) : undefined;
}

/**
 * Tells the login pages what is configured (`GET /api/auth/login-options`), refuses password
 * sign-up with `LOCAL_SIGN_IN=false`, and adds the checks the generic OAuth plugin leaves out: the
 * discovered issuer must be the configured one (OpenID Connect Discovery 1.0 §4.3), and a client-sent
 * ID token (which would skip the authorization code flow and its nonce) is refused.
 */
export function signInPolicyPlugin(policy: SignInPolicy) {
  const options: SignInOptions = {
    provider: policy.oidc ? { id: TICKETING_PROVIDER_ID, name: policy.oidc.providerName } : null,
    localSignIn: policy.localSignIn,
  };
  const oidc = policy.oidc;
  const announcesIss = oidc ? issInResponsesAnnounced(oidc.issuer) : async () => false;
  return {
    id: 'party-sign-in-policy',
    endpoints: {
      signInOptions: createAuthEndpoint('/login-options', { method: 'GET' }, async (ctx) =>
        ctx.json(options),
      ),
    },
    hooks: {
      before: [
        {
          matcher: (ctx) => !policy.localSignIn && ctx.path === '/sign-up/email',
          handler: createAuthMiddleware(async () => {
            throw new APIError('FORBIDDEN', {
              code: 'local_sign_in_disabled',
              message: `Accounts are not created with a password here: use "Sign in with ${oidc?.providerName ?? 'your community account'}".`,
            });
          }),
        },
        {
          matcher: (ctx) =>
            oidc !== undefined &&
            ctx.path === '/sign-in/social' &&
            bodyField(ctx.body, 'provider') === TICKETING_PROVIDER_ID,
          handler: createAuthMiddleware(async (ctx) => {
            if (!oidc) return;
            if (bodyField(ctx.body, 'idToken') !== undefined) {
              throw new APIError('BAD_REQUEST', {
                code: 'id_token_sign_in_refused',
                message: `Sign in with ${oidc.providerName} through its login page.`,
              });
            }
            const provider = ctx.context.socialProviders.find((p) => p.id === TICKETING_PROVIDER_ID);
            if (!provider) {
              throw new APIError('SERVICE_UNAVAILABLE', {
                code: 'provider_unavailable',
                message: `${oidc.providerName} cannot be reached right now. Try again in a minute.`,
              });
            }
            const discovered = provider.issuer ? normalizeIssuer(provider.issuer) : undefined;
            await announcesIss().catch(() => false); // learnt now, needed at the callback
            if (discovered !== normalizeIssuer(oidc.issuer)) {
              ctx.context.logger.error('OIDC issuer mismatch', { configured: oidc.issuer, discovered });
              throw new APIError('BAD_GATEWAY', {
                code: 'issuer_mismatch',
                message: `${oidc.providerName} answered as a different issuer than OIDC_ISSUER names, so signing in with it is refused.`,
              });
            }
          }),
        },
        {
          matcher: (ctx) => oidc !== undefined && isTicketingCallback(ctx),
          handler: createAuthMiddleware(async (ctx) => {
            const query = ctx.query;
            if (bodyField(query, 'iss') !== undefined || bodyField(query, 'code') === undefined) return;
            if (!(await announcesIss().catch(() => true))) return;
            ctx.context.logger.error('OIDC authorization response without the iss its provider announces');
            const home = new URL(ctx.context.baseURL).origin;
            throw ctx.redirect(`${home}/?${new URLSearchParams({ error: 'issuer_missing' })}`);
          }),
        },
      ],
    },
  } satisfies BetterAuthPlugin;
}
