import { pino } from 'pino';

/**
 * The server's pino logger: JSON lines with request ids, and no secrets. Cookies and
 * authorization headers are redacted, and query strings (invite tokens, presigned signatures)
 * are cut from logged URLs.
 */
export function createLogger(level: string) {
  return pino({
    level,
    redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
    serializers: {
      req(request: { method: string; url: string; ip?: string }) {
        return { method: request.method, url: request.url.split('?')[0], ip: request.ip };
      },
    },
  });
}

export type Logger = ReturnType<typeof createLogger>;
