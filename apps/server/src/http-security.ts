import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/*
 * The browser-facing security promises of the app (README, "Security"): response headers for
 * every answer, the Content-Security-Policy of both SPAs, and which account requests are refused.
 * The rules are pure functions, so a table test proves them without a server.
 */

export interface SecurityHeadersOptions {
  /** `NODE_ENV=production`: HSTS and upgrade-insecure-requests only then (development is plain http). */
  production: boolean;
  /**
   * Origins the SPAs load media from besides their own: the S3 endpoint when members get
   * presigned URLs. Empty in proxy delivery, where everything comes through `/media`.
   */
  mediaOrigins: string[];
}

/**
 * The Content-Security-Policy of both SPAs (one origin, one policy): only what they use.
 *
 * - Scripts: only the built module files from this origin; no inline script, no eval (Vite emits
 *   `<script type="module" src>` and inlines nothing; neither Uppy nor wavesurfer evaluates code).
 * - Styles: this origin plus 'unsafe-inline'. wavesurfer puts a `<style>` element into its shadow
 *   root (a nonce would need a per-response index.html) and Uppy's Preact and React set style
 *   attributes; scripts stay locked down, so injected CSS could restyle a page but not run code.
 * - Images: this origin, `data:` (the inline favicon, Uppy's CSS icons, thumbhash placeholders),
 *   `blob:` (Uppy's local thumbnails of the files being uploaded) and the media origins.
 * - Media and fetches (the player's audio, waveform peaks): this origin and the media origins;
 *   tRPC, better-auth and tus uploads (`/files`) are same-origin.
 * - Nothing may frame the app, no plugins, forms and `<base>` stay on this origin.
 */
export function contentSecurityPolicy(options: SecurityHeadersOptions): Record<string, string[]> {
  const media = options.mediaOrigins;
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:', ...media],
    'media-src': ["'self'", ...media],
    'connect-src': ["'self'", ...media],
    'font-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
  if (options.production) directives['upgrade-insecure-requests'] = [];
  return directives;
}

/** The origin presigned URLs of this S3 endpoint point to (path-style: the endpoint's own). */
export function s3MediaOrigin(endpoint: { protocol: string; hostname: string; port?: number }): string {
  const protocol = endpoint.protocol.endsWith(':') ? endpoint.protocol : `${endpoint.protocol}:`;
  return new URL(`${protocol}//${endpoint.hostname}${endpoint.port ? `:${endpoint.port}` : ''}`).origin;
}

/**
 * Security headers on every response (helmet): the CSP above, `Referrer-Policy: no-referrer`
 * (a presigned URL in a page address must never leave in a Referer), `X-Content-Type-Options:
 * nosniff`, `X-Frame-Options: DENY` for browsers without `frame-ancestors`, and HSTS only in
 * production. Helmet writes on the raw response, so hijacked answers (tus, `/media`) carry them too.
 */
export async function registerSecurityHeaders(app: FastifyInstance, options: SecurityHeadersOptions) {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(options) },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
    strictTransportSecurity: options.production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    xContentTypeOptions: true,
  });
}

/** Media types a page on any site can POST without a CORS preflight (an HTML form, or `fetch` in no-cors mode). */
const CROSS_SITE_SENDABLE = new Set([
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'text/plain',
]);

/**
 * Refuses an account request (`POST /api/auth/*`) another site could send: anything but JSON
 * that has a body. Our SPAs send JSON, which a foreign page cannot send without a preflight that
 * the API never allows; a form post would let another site sign a visitor in to the attacker's
 * account (login CSRF). Returns the 415 sentence, or undefined when the request may pass.
 */
export function refuseFormPost(request: {
  contentType: string | undefined;
  hasBody: boolean;
}): string | undefined {
  const mediaType = request.contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType === 'application/json') return undefined;
  if (mediaType === '' && !request.hasBody) return undefined;
  return CROSS_SITE_SENDABLE.has(mediaType) || mediaType === ''
    ? 'Account requests must be sent as JSON (Content-Type: application/json): form posts are refused, so no other site can submit them for you.'
    : `Account requests must be sent as JSON (Content-Type: application/json), not ${mediaType}.`;
}
