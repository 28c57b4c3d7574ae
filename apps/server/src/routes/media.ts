import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Clock, resolveViewer, shareLinkIdOfViewer, shareLinkState, systemClock } from '@party/api';
import type { Auth } from '@party/api/auth';
import { type Database, findShareLink } from '@party/db';
import {
  attachmentDisposition,
  decideRange,
  exactLength,
  ifRangeAllows,
  isNotModified,
  MEDIA_ROUTE_PREFIX,
  ObjectChangedError,
  type ObjectProxy,
  PRESIGN_TTL_SECONDS,
  type ProxiedObject,
  SIGNING_WINDOW_SECONDS,
  verifyMediaToken,
} from '@party/storage';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { toFetchHeaders } from './auth';

type Headers = Record<string, string | number>;

// Every `/media` answer is `private` (it depends on the session) and never sets a cookie.
function answer(reply: FastifyReply, status: number, message: string, headers: Headers = {}) {
  reply.removeHeader('set-cookie');
  return reply
    .code(status)
    .headers({
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'private, no-store',
      ...headers,
    })
    .send(message);
}

const header = (request: FastifyRequest, name: string) => {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
};

/**
 * `/media/<token>`: the proxy fallback of presigned URLs (`DELIVERY_MODE=proxy`, or per request
 * when presigning fails). The token comes from a tRPC procedure that checked visibility; here the
 * signature, the expiry and the session are checked: the signed-in viewer must be the one the
 * token was issued to. Then the object is streamed (disk cache, singleflight, S3) with full HTTP
 * semantics: Range/206/416, ETag, Last-Modified, If-None-Match/If-Modified-Since (304), If-Range,
 * HEAD, and the same private cache lifetime as a presigned URL.
 *
 * A token issued to a guest of a share link names the link (`share:<id>`) instead of an account:
 * no session is asked for, but the link must still open (not expired, not revoked), so revoking a
 * link stops its guests' media at once.
 *
 * Answers: 404 for a malformed or forged token (nothing to learn from it), 403 for an expired one
 * (the player then fetches a fresh URL, as it does for an expired presigned URL), one issued to
 * someone else, or one of a share link that ended; 401 without a session; 404 to anyone but an
 * admin for an object of a photo hidden by a takedown since the token was issued (`isHidden`):
 * hiding takes effect at once, not at expiry.
 */
export function registerMediaRoutes(
  app: FastifyInstance,
  deps: {
    auth: Auth;
    db: Database;
    proxy: ObjectProxy;
    tokenKey: Buffer;
    clock?: Clock;
    /** Whether the key belongs to a photo hidden by a takedown (admins still get it). */
    isHidden: (key: string) => Promise<boolean>;
  },
) {
  /** Whether the token's viewer may fetch now: its session's owner, or a share link that still opens. */
  const admit = async (
    request: FastifyRequest,
    viewerId: string,
  ): Promise<{ refused: { status: number; message: string } } | { admin: boolean }> => {
    const linkId = shareLinkIdOfViewer(viewerId);
    if (linkId !== null) {
      const link = await findShareLink(deps.db, linkId);
      return link && shareLinkState(link, (deps.clock ?? systemClock)()) === 'active'
        ? { admin: false }
        : { refused: { status: 403, message: 'This share link has ended.' } };
    }
    const viewer = await resolveViewer(deps.auth, toFetchHeaders(request));
    if (!viewer) return { refused: { status: 401, message: 'Please sign in.' } };
    if (viewer.id !== viewerId)
      return { refused: { status: 403, message: 'This link belongs to someone else.' } };
    return { admin: viewer.role === 'admin' };
  };

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const now = new Date();
    const token = (request.params as { '*'?: string })['*'] ?? '';
    const checked = verifyMediaToken(deps.tokenKey, token, now);
    if (!checked.ok) {
      return checked.reason === 'expired'
        ? answer(reply, 403, 'This link has expired. Reload the page for a fresh one.')
        : answer(reply, 404, 'There is no such file.');
    }
    const { payload } = checked;
    const admitted = await admit(request, payload.viewerId);
    if ('refused' in admitted) return answer(reply, admitted.refused.status, admitted.refused.message);
    if (!admitted.admin && (await deps.isHidden(payload.key))) {
      return answer(reply, 404, 'There is no such file.');
    }

    let object: ProxiedObject | undefined;
    try {
      object = await deps.proxy.head(payload.key);
    } catch (error) {
      request.log.error({ err: error }, 'media proxy: HEAD failed');
      return answer(reply, 502, 'The file store did not answer. Try again shortly.');
    }
    if (!object) return answer(reply, 404, 'There is no such file.');

    // As long as a presigned URL's cache lifetime, and never past the token's expiry.
    const secondsLeft = payload.expiresAt - Math.ceil(now.getTime() / 1000);
    const maxAge = Math.max(0, Math.min(PRESIGN_TTL_SECONDS - SIGNING_WINDOW_SECONDS, secondsLeft));
    const validators: Headers = {
      etag: object.etag,
      'cache-control': `private, max-age=${maxAge}`,
    };
    if (object.lastModified) validators['last-modified'] = object.lastModified.toUTCString();

    if (
      isNotModified(
        {
          ifNoneMatch: header(request, 'if-none-match'),
          ifModifiedSince: header(request, 'if-modified-since'),
        },
        object,
      )
    ) {
      reply.removeHeader('set-cookie');
      return reply.code(304).headers(validators).send();
    }

    const range = ifRangeAllows(header(request, 'if-range'), object)
      ? decideRange(header(request, 'range'), object.size)
      : ({ kind: 'full' } as const);
    if (range.kind === 'unsatisfiable') {
      return answer(reply, 416, 'The requested range is not satisfiable.', {
        'content-range': `bytes */${object.size}`,
        'accept-ranges': 'bytes',
      });
    }
    const [start, end, status] =
      range.kind === 'partial' ? [range.start, range.end, 206] : [0, object.size - 1, 200];
    const headers: Headers = {
      ...validators,
      'accept-ranges': 'bytes',
      'content-type': payload.contentType ?? object.contentType ?? 'application/octet-stream',
      'content-length': Math.max(0, end - start + 1),
      'x-content-type-options': 'nosniff',
    };
    if (range.kind === 'partial') headers['content-range'] = `bytes ${start}-${end}/${object.size}`;
    if (payload.downloadName) headers['content-disposition'] = attachmentDisposition(payload.downloadName);

    let body: Readable | undefined;
    if (request.method !== 'HEAD') {
      try {
        body = await deps.proxy.read(payload.key, object, start, end);
      } catch (error) {
        if (error instanceof ObjectChangedError) {
          return answer(reply, 503, 'The file changed while it was being read. Try again.', {
            'retry-after': 1,
          });
        }
        request.log.error({ err: error }, 'media proxy: reading the object failed');
        return answer(reply, 502, 'The file store did not answer. Try again shortly.');
      }
    }

    // Written by hand so the body is piped with backpressure straight into the socket.
    reply.hijack();
    const res = reply.raw;
    reply.removeHeader('set-cookie');
    res.removeHeader('set-cookie');
    res.writeHead(status, { ...(reply.getHeaders() as Headers), ...headers });
    if (!body) {
      res.end();
      return;
    }
    // Which side broke first: the pipeline destroys the other with the same error, so the error
    // alone cannot tell a client that left from S3 going away mid-body (both look like a reset).
    let brokeFirst: 'client' | 'store' | undefined;
    res.once('close', () => {
      if (!res.writableFinished) brokeFirst ??= 'client';
    });
    const storeBroke = () => {
      brokeFirst ??= 'store';
    };
    body.once('error', storeBroke);
    const promised = exactLength(end - start + 1);
    promised.once('error', storeBroke);
    try {
      await pipeline(body, promised, res);
    } catch (error) {
      // The client sees a body shorter than its Content-Length (the connection is reset), never a
      // short answer that looks complete. A client that leaves (closed tab, seek) is normal.
      if (brokeFirst === 'store') {
        request.log.warn({ err: error }, 'media proxy: the source (S3 or the cache) broke off mid-stream');
        return;
      }
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ERR_STREAM_PREMATURE_CLOSE' && code !== 'ECONNRESET') {
        request.log.warn({ err: error }, 'media proxy: stream ended early');
      }
    }
  };

  app.route({ method: ['GET', 'HEAD'], url: `${MEDIA_ROUTE_PREFIX}/*`, handler });
}
