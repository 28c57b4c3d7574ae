import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';

/** A person at the stand-in ticketing backend. */
export interface IdpUser {
  /** The OIDC subject (`sub`): stable, never reused. */
  subject: string;
  /** What the person types into the provider's login form. */
  username: string;
  password: string;
  email: string;
  emailVerified: boolean;
  name: string;
  /** Released as the `groups` claim (with the `profile` scope). */
  groups: string[];
}

/** The one client (this app) registered at the provider. */
export interface IdpClient {
  clientId: string;
  clientSecret: string;
  /** Exactly the redirect URIs the relying party sends, e.g. `http://localhost:3000/api/auth/callback/ticketing`. */
  redirectUris: string[];
  /** Where the provider may send the browser after RP-initiated logout. */
  postLogoutRedirectUris: string[];
}

export interface OidcProviderOptions {
  users: IdpUser[];
  client: IdpClient;
  /** TCP port on 127.0.0.1; 0 (the default) picks a random free one. */
  port?: number;
  /**
   * The issuer the provider claims in discovery and tokens; defaults to its own address. A
   * different value makes a provider that lies about who it is (for tests of the issuer check).
   */
  issuerOverride?: string;
}

export interface RunningOidcProvider {
  /** `http://127.0.0.1:<port>`: where it listens, the value for `OIDC_ISSUER`. */
  url: string;
  /** The issuer it claims: `url`, unless `issuerOverride` says otherwise. */
  issuer: string;
  port: number;
  /** Changes a person's claims or e-mail from the next sign-in on (demotion, address change). */
  updateUser(subject: string, patch: Partial<Omit<IdpUser, 'subject'>>): void;
  stop(): Promise<void>;
}

function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:22rem;margin:4rem auto;padding:0 1rem}
label{display:block;margin:.75rem 0}input{display:block;width:100%;padding:.4rem;box-sizing:border-box}
button{margin-top:1rem;padding:.5rem 1rem}.error{color:#b00020}</style></head>
<body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

function loginForm(uid: string, error?: string): string {
  return page(
    'Ticketing backend',
    `${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login" autocomplete="off">
<label>Username<input name="username" autofocus required></label>
<label>Password<input name="password" type="password" required></label>
<button type="submit">Log in</button></form>`,
  );
}

async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > 16 * 1024) throw new Error('form too large');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function send(response: ServerResponse, status: number, html: string) {
  response.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  response.end(html);
}

/**
 * Starts a real OpenID Connect provider (`oidc-provider`, the certified Node implementation) on
 * 127.0.0.1, standing in for the community's ticketing backend in tests and `pnpm dev:idp`:
 * discovery, authorization code with PKCE (required), signed ID tokens carrying the profile claims
 * (`email`, `email_verified`, `name`, `groups`), userinfo, RP-initiated logout. Its login page
 * checks the users' passwords; consent is implied (the app is the community's own client).
 */
export async function startOidcProvider(options: OidcProviderOptions): Promise<RunningOidcProvider> {
  const users = new Map(options.users.map((user) => [user.subject, { ...user }]));
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const ownAddress = `http://127.0.0.1:${port}`;
  const issuer = options.issuerOverride ?? ownAddress;

  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const configuration: Configuration = {
    clients: [
      {
        client_id: options.client.clientId,
        client_secret: options.client.clientSecret,
        redirect_uris: options.client.redirectUris,
        post_logout_redirect_uris: options.client.postLogoutRedirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks: { keys: [{ ...signingKey, kid: randomUUID(), use: 'sig', alg: 'RS256' }] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'groups'],
    },
    // Real providers put the requested claims into the ID token as well; the relying party reads
    // them from the verified token.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        // A shared phone: "sign out" at the app ends the provider session too, without a question.
        logoutSource: async (ctx: KoaContextWithOIDC, form: string) => {
          ctx.body = page(
            'Signing out',
            `${form.replace('</form>', '<input type="hidden" name="logout" value="yes"><button type="submit">Sign out</button></form>')}
<script>document.forms[0].submit()</script>`,
          );
        },
      },
    },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    // The app is the community's own client: no consent screen, the requested scopes are granted.
    loadExistingGrant: async (ctx) => {
      const session = ctx.oidc.session;
      const client = ctx.oidc.client;
      if (!session?.accountId || !client) return undefined;
      const grantId = session.grantIdFor(client.clientId);
      const grant =
        (grantId ? await ctx.oidc.provider.Grant.find(grantId) : undefined) ??
        new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      const scope = ctx.oidc.params?.scope;
      grant.addOIDCScope(typeof scope === 'string' ? scope : 'openid');
      await grant.save();
      return grant;
    },
    findAccount: async (_ctx, subject) => {
      const user = users.get(subject);
      if (!user) return undefined;
      return {
        accountId: subject,
        claims: async () => ({
          sub: subject,
          email: user.email,
          email_verified: user.emailVerified,
          name: user.name,
          groups: user.groups,
        }),
      };
    },
    ttl: { Session: 60 * 60, Interaction: 10 * 60, Grant: 60 * 60, AccessToken: 10 * 60, IdToken: 10 * 60 },
  };
  const provider = new Provider(issuer, configuration);
  const oidcCallback = provider.callback();

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const match = /^\/interaction\/([^/?]+)(\/login)?/.exec(request.url ?? '');
    if (!match) {
      oidcCallback(request, response);
      return;
    }
    const uid = match[1] ?? '';
    void (async () => {
      try {
        const details = await provider.interactionDetails(request, response);
        if (!match[2]) return send(response, 200, loginForm(uid));
        if (request.method !== 'POST') return send(response, 405, page('Not allowed', ''));
        const form = await readForm(request);
        const user = [...users.values()].find(
          (candidate) =>
            candidate.username === form.get('username') && candidate.password === form.get('password'),
        );
        if (!user) return send(response, 200, loginForm(uid, 'Unknown username or wrong password.'));
        if (details.prompt.name !== 'login' && details.prompt.name !== 'consent') {
          return send(response, 400, page('Unexpected step', escapeHtml(details.prompt.name)));
        }
        await provider.interactionFinished(
          request,
          response,
          { login: { accountId: user.subject } },
          { mergeWithLastSubmission: false },
        );
      } catch (error) {
        send(response, 400, page('Sign-in expired', escapeHtml(String(error))));
      }
    })();
  });

  return {
    url: ownAddress,
    issuer,
    port,
    updateUser(subject, patch) {
      const user = users.get(subject);
      if (!user) throw new Error(`no user ${subject}`);
      Object.assign(user, patch);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
