import { decodeTrpcAnswer } from '@party/testing/trpc-wire';
import type { FastifyInstance } from 'fastify';

/** A minimal cookie jar: name → value, what a browser would send back to one site. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(setCookie: string[] | string | undefined) {
    for (const line of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((attribute) => {
        const [key = '', raw = ''] = attribute.split('=');
        const lower = key.trim().toLowerCase();
        return (
          (lower === 'max-age' && Number(raw) <= 0) || (lower === 'expires' && Date.parse(raw) < Date.now())
        );
      });
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }
}

export interface Credentials {
  username: string;
  password: string;
}

/** One person's browser: cookies for the app (in-process, `inject`) and for the provider (real HTTP). */
export class OidcBrowser {
  readonly app = new CookieJar();
  readonly idp = new CookieJar();

  constructor(
    private readonly server: FastifyInstance,
    private readonly publicUrl: string,
  ) {}

  /** `POST /api/auth/sign-in/social` as the login page sends it; returns the provider URL to go to. */
  async startSignIn(): Promise<{ status: number; url?: string; body: string }> {
    const response = await this.server.inject({
      method: 'POST',
      url: '/api/auth/sign-in/social',
      headers: { 'content-type': 'application/json', origin: this.publicUrl, cookie: this.app.header() },
      payload: { provider: 'ticketing', callbackURL: '/', errorCallbackURL: '/' },
    });
    this.app.store(response.headers['set-cookie']);
    const body: unknown = response.statusCode === 200 ? response.json() : undefined;
    const url = typeof body === 'object' && body !== null ? Reflect.get(body, 'url') : undefined;
    return {
      status: response.statusCode,
      url: typeof url === 'string' ? url : undefined,
      body: response.body,
    };
  }

  /**
   * Follows the provider's redirects (and logs in on its form when it shows one) until it sends the
   * browser back to the app; returns that app URL, or the provider's page when it stops there.
   */
  async atProvider(start: string, credentials?: Credentials): Promise<{ appUrl?: string; page?: string }> {
    let url = start;
    let init: RequestInit = { method: 'GET' };
    for (let hop = 0; hop < 20; hop++) {
      if (url.startsWith(this.publicUrl)) return { appUrl: url };
      const response = await fetch(url, {
        ...init,
        redirect: 'manual',
        headers: { ...(init.headers as Record<string, string>), cookie: this.idp.header() },
      });
      this.idp.store(response.headers.getSetCookie());
      const location = response.headers.get('location');
      if (location) {
        url = new URL(location, url).toString();
        init = { method: 'GET' };
        continue;
      }
      const page = await response.text();
      const form = /<form method="post" action="([^"]+\/login)"/.exec(page);
      if (form?.[1] && credentials) {
        url = new URL(form[1], url).toString();
        init = {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ ...credentials }).toString(),
        };
        credentials = undefined; // one attempt: a second login form means the password was wrong
        continue;
      }
      return { page };
    }
    throw new Error('too many redirects at the provider');
  }

  /** Delivers the provider's redirect to the app's callback; returns where the app sends the browser. */
  async callback(appUrl: string): Promise<{ status: number; location: string; body: string }> {
    const target = new URL(appUrl);
    const response = await this.server.inject({
      method: 'GET',
      url: `${target.pathname}${target.search}`,
      headers: { cookie: this.app.header() },
    });
    this.app.store(response.headers['set-cookie']);
    return {
      status: response.statusCode,
      location: String(response.headers.location ?? ''),
      body: response.body,
    };
  }

  /** The whole round trip: start, provider login, callback. */
  async signIn(
    credentials: Credentials,
  ): Promise<{ location: string; error?: string; description?: string }> {
    const started = await this.startSignIn();
    if (!started.url) throw new Error(`sign-in did not start: ${started.status} ${started.body}`);
    const { appUrl, page } = await this.atProvider(started.url, credentials);
    if (!appUrl) throw new Error(`the provider did not send the browser back:\n${page}`);
    const { location } = await this.callback(appUrl);
    const query = new URL(location, this.publicUrl).searchParams;
    return {
      location,
      error: query.get('error') ?? undefined,
      description: query.get('error_description') ?? undefined,
    };
  }

  /** `account.me` with this browser's app cookies: who the app thinks is signed in. */
  async me(): Promise<{ id: string; email: string; role: string } | null> {
    const response = await this.server.inject({
      url: '/trpc/account.me',
      headers: { cookie: this.app.header() },
    });
    return (
      decodeTrpcAnswer<{ id: string; email: string; role: string } | null>(response.json()).result?.data ??
      null
    );
  }

  /** `POST /api/auth/sign-out`; returns the provider logout URL the app hands back, if any. */
  async signOut(callbackURL = '/'): Promise<string | undefined> {
    const response = await this.server.inject({
      method: 'POST',
      url: '/api/auth/sign-out',
      headers: { 'content-type': 'application/json', origin: this.publicUrl, cookie: this.app.header() },
      payload: { callbackURL, disableRedirect: true },
    });
    this.app.store(response.headers['set-cookie']);
    const body: unknown = response.json();
    const url = typeof body === 'object' && body !== null ? Reflect.get(body, 'url') : undefined;
    return typeof url === 'string' ? url : undefined;
  }
}
