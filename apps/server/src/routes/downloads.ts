import { pipeline } from 'node:stream/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { type PhotoZipRequest, planPhotoZip, resolveViewer } from '@party/api';
import type { Auth } from '@party/api/auth';
import type { Database } from '@party/db';
import { attachmentDisposition, isUuid, openObject, zipLength, zipStream } from '@party/storage';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { toFetchHeaders } from './auth';

/** Where the ZIP downloads live (README, Downloads). */
export const DOWNLOADS_ROUTE_PREFIX = '/downloads';

// A selection form of 500 ids is ~20 KB; nothing else is posted here.
const FORM_BODY_LIMIT = 64 * 1024;

function refuse(reply: FastifyReply, status: number, message: string) {
  reply.removeHeader('set-cookie');
  return reply
    .code(status)
    .headers({ 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'private, no-store' })
    .send(message);
}

function sameHost(origin: string, host: string): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/**
 * Whether a form post comes from a page of this site. Browsers say so in `Sec-Fetch-Site`; the
 * `Origin` header alone cannot tell, because our own pages send `Origin: null` for a form post
 * (their `Referrer-Policy: no-referrer` makes the browser hide the origin). Without either header
 * (not a browser) the session cookie alone decides.
 */
export function postedFromThisSite(
  headers: { origin?: string | undefined; 'sec-fetch-site'?: string | string[] | undefined },
  host: string,
): boolean {
  const site = headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin';
  return headers.origin === undefined || sameHost(headers.origin, host);
}

/** The selection form's `ids` (repeated fields, or one comma-separated field); null when malformed. */
export function parseSelection(body: unknown): string[] | null {
  if (typeof body !== 'string') return null;
  const ids = new URLSearchParams(body)
    .getAll('ids')
    .flatMap((value) => value.split(','))
    .map((id) => id.trim())
    .filter(Boolean);
  return ids.length > 0 && ids.every(isUuid) ? [...new Set(ids)] : null;
}

/**
 * ZIP downloads of photos, streamed from S3 (README, Downloads). Plain browser navigations, so the
 * browser's own download manager shows progress (the length is known before the first byte):
 *
 * - `GET  /downloads/events/<eventId>/photos.zip`      the whole gallery the viewer sees
 * - `GET  /downloads/events/<eventId>/favourites.zip`  the viewer's favourite photos of it (previews)
 * - `POST /downloads/events/<eventId>/selection.zip`   a form post with `ids`: a selection of it
 *
 * Authorised by the session cookie and the same visibility predicate as every member read; no
 * token is needed because nothing leaves the browser but the cookie, which is `SameSite=Lax`: a
 * cross-site form post arrives without it (401), and `postedFromThisSite` refuses it anyway.
 */
export function registerDownloadRoutes(
  app: FastifyInstance,
  deps: { auth: Auth; db: Database; s3: S3Client; bucket: string },
) {
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const { eventId, file } = request.params as { eventId: string; file: string };
    let zipRequest: PhotoZipRequest;
    if (!isUuid(eventId)) return refuse(reply, 404, 'There are no photos to download here.');
    if (request.method === 'POST') {
      if (file !== 'selection.zip') return refuse(reply, 404, 'There is no such download.');
      if (!postedFromThisSite(request.headers, request.host)) {
        return refuse(reply, 403, 'Downloads can only be asked for from this site.');
      }
      const ids = parseSelection(request.body);
      if (!ids) return refuse(reply, 400, 'Choose the photos to download (a list of photo ids).');
      zipRequest = { kind: 'selection', eventId, ids };
    } else if (file === 'photos.zip') zipRequest = { kind: 'gallery', eventId };
    else if (file === 'favourites.zip') zipRequest = { kind: 'favourites', eventId };
    else return refuse(reply, 404, 'There is no such download.');

    const viewer = await resolveViewer(deps.auth, toFetchHeaders(request));
    if (!viewer) return refuse(reply, 401, 'Please sign in to download photos.');
    const plan = await planPhotoZip(deps.db, viewer, zipRequest);
    if (!plan.ok) return refuse(reply, plan.status, plan.message);

    const controller = new AbortController();
    // Built before the headers go out, but lazy: no object is opened until the first read.
    const body = zipStream(
      plan.entries.map((entry) => ({
        ...entry,
        open: () => openObject(deps.s3, deps.bucket, entry.key, controller.signal),
      })),
    );
    reply.hijack();
    const res = reply.raw;
    res.removeHeader('set-cookie');
    res.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'content-type': 'application/zip',
      'content-length': zipLength(plan.entries),
      'content-disposition': attachmentDisposition(plan.fileName),
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
    });
    if (request.method === 'HEAD') {
      res.end();
      return;
    }
    res.once('close', () => controller.abort());
    try {
      await pipeline(body, res);
    } catch (error) {
      // The client sees fewer bytes than the Content-Length (a reset), never a short ZIP that
      // looks whole. A client that leaves mid-download is normal and not logged.
      if (!controller.signal.aborted || res.writableFinished) {
        request.log.warn({ err: error, eventId }, 'photo ZIP broke off mid-stream');
      }
    }
  };

  app.register(async (scope) => {
    // Only the selection form is ever posted here; any other body type is refused by Fastify (415).
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT },
      (_request, body, done) => done(null, body),
    );
    scope.route({ method: ['GET', 'POST'], url: `${DOWNLOADS_ROUTE_PREFIX}/events/:eventId/:file`, handler });
  });
}
