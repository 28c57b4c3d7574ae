import { pino } from 'pino';

/**
 * The server's pino logger: JSON lines with request ids, and no secrets. Cookies and
 * authorization headers are redacted, and query strings (invite tokens, presigned signatures)
 * and `/media/<token>` proxy tokens are cut from logged URLs.
 */
export function createLogger(level: string) {
  return pino({
    level,
    redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
    serializers: {
      req(request: { method: string; url: string; ip?: string }) {
        return { method: request.method, url: loggableUrl(request.url), ip: request.ip };
      },
    },
  });
}

/** A request URL without what makes it a credential: the query string and any media token. */
export function loggableUrl(url: string): string {
  const pathOnly = url.split('?')[0] ?? '';
  return pathOnly.startsWith('/media/') ? '/media/…' : pathOnly;
}

export type Logger = ReturnType<typeof createLogger>;
