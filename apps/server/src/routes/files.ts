import type { IncomingMessage } from 'node:http';
import { resolveViewer } from '@party/api';
import type { Auth } from '@party/api/auth';
import {
  abortUpload,
  countActiveUploads,
  type Database,
  findEventById,
  findMusicSet,
  findUpload,
  touchUpload,
} from '@party/db';
import { originalKeyFromUrlId } from '@party/storage';
import type { Server as TusServer } from '@tus/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LiveEncoder } from '../uploads/live/live-encoder';
import { checkTusRequest, checkUploadAlive, TUS_VERSION } from '../uploads/tus-protocol';
import { OWNER_HEADER } from '../uploads/tus-server';
import type { UploadObserver } from '../uploads/upload-observer';
import { checkUploadCreation, type UploadLimits } from '../uploads/upload-rules';
import { toFetchHeaders } from './auth';

/** An upload untouched for this long no longer counts against the admin's concurrent uploads. */
const ACTIVE_WINDOW_MS = 10 * 60 * 1000;
const RETRY_AFTER_SECONDS = 30;

/**
 * Sets (or, with undefined, removes) a request header as tus will see it: tus builds its Fetch
 * request from Node's `rawHeaders`, so both views are kept in step. Client-sent copies are dropped.
 */
function setTrustedHeader(raw: IncomingMessage, name: string, value: string | undefined) {
  const kept: string[] = [];
  for (let i = 0; i < raw.rawHeaders.length; i += 2) {
    const key = raw.rawHeaders[i] ?? '';
    if (key.toLowerCase() !== name) kept.push(key, raw.rawHeaders[i + 1] ?? '');
  }
  delete raw.headers[name];
  if (value !== undefined) {
    kept.push(name, value);
    raw.headers[name] = value;
  }
  raw.rawHeaders.splice(0, raw.rawHeaders.length, ...kept);
}

// Refusals depend on the session and the upload's state: no cache may keep one.
function refuse(reply: FastifyReply, status: number, message: string, headers: Record<string, string> = {}) {
  return reply
    .code(status)
    .headers({
      'tus-resumable': TUS_VERSION,
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'no-store',
      ...headers,
    })
    .send(message);
}

const single = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/**
 * `/files`: the tus endpoint. Every request is checked against the tus protocol where
 * `@tus/server` answers otherwise (`tus-protocol.ts`), then authenticated with the session cookie
 * before tus sees it: only admins upload, an admin only touches their own uploads, creation is
 * checked against the upload contract and the per-admin concurrency limit (429 with Retry-After),
 * and a cancelled or expired upload is gone (410).
 */
export async function registerFileRoutes(
  app: FastifyInstance,
  deps: {
    auth: Auth;
    db: Database;
    tus: TusServer;
    limits: UploadLimits;
    /** Told where each PATCH starts and when it ends (metrics, progress on the System page). */
    observer?: UploadObserver;
    /** Encodes audio while it uploads (LIVE_ENCODE); off when unset. */
    live?: LiveEncoder;
  },
) {
  await app.register(async (scope) => {
    // tus reads the request body itself, as a stream: never let Fastify buffer it.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, done) => done(null));

    const handler = async (request: FastifyRequest, reply: FastifyReply) => {
      let livePatch: string | undefined;
      setTrustedHeader(request.raw, OWNER_HEADER, undefined);
      const protocolRefusal = checkTusRequest({
        method: request.method,
        tusResumable: single(request.headers['tus-resumable']),
        contentType: single(request.headers['content-type']),
        uploadOffset: single(request.headers['upload-offset']),
      });
      if (protocolRefusal) {
        return refuse(reply, protocolRefusal.status, protocolRefusal.message, protocolRefusal.headers);
      }
      if (request.method !== 'OPTIONS') {
        const viewer = await resolveViewer(deps.auth, toFetchHeaders(request));
        if (!viewer) return refuse(reply, 401, 'Please sign in to upload.');
        if (viewer.role !== 'admin') return refuse(reply, 403, 'Only admins can upload.');

        const urlId = (request.params as { '*'?: string })['*'] ?? '';
        if (request.method === 'POST') {
          if (urlId) return refuse(reply, 404, 'Create uploads at /files.');
          const check = checkUploadCreation({
            metadataHeader: request.headers['upload-metadata'] as string | undefined,
            uploadLength: request.headers['upload-length'] as string | undefined,
            limits: deps.limits,
          });
          if (!check.ok) return refuse(reply, check.status, check.message);
          const parentExists =
            check.upload.kind === 'image'
              ? await findEventById(deps.db, check.upload.eventId)
              : await findMusicSet(deps.db, check.upload.setId);
          if (!parentExists) {
            return refuse(
              reply,
              404,
              `There is no such ${check.upload.kind === 'image' ? 'event' : 'music set'}.`,
            );
          }
          const active = await countActiveUploads(
            deps.db,
            viewer.id,
            new Date(Date.now() - ACTIVE_WINDOW_MS),
          );
          if (active >= deps.limits.concurrentPerAdmin) {
            return refuse(
              reply,
              429,
              `You already have ${active} uploads running; at most ${deps.limits.concurrentPerAdmin} at once. Retrying shortly.`,
              { 'retry-after': String(RETRY_AFTER_SECONDS) },
            );
          }
          setTrustedHeader(request.raw, OWNER_HEADER, viewer.id);
        } else {
          const key = originalKeyFromUrlId(urlId);
          const upload = key ? await findUpload(deps.db, key) : undefined;
          if (!upload) return refuse(reply, 404, 'There is no such upload.');
          if (upload.ownerId !== viewer.id)
            return refuse(reply, 403, 'This upload belongs to another admin.');
          const gone = checkUploadAlive(upload, new Date());
          if (gone) return refuse(reply, gone.status, gone.message);
          if (request.method === 'PATCH') {
            await touchUpload(deps.db, upload.id);
            if (deps.live && upload.kind === 'audio') {
              const offset = Number(single(request.headers['upload-offset']));
              await deps.live.beginPatch({ id: upload.id, size: upload.size }, offset, request.raw);
              livePatch = upload.id;
            }
          }
          if (request.method === 'DELETE') {
            deps.live?.cancel(upload.id);
            // Answered only once the row says cancelled, so the very next request already gets 410.
            const terminated = await deps.tus.handleWeb(
              new Request(new URL(request.url, 'http://files.invalid'), {
                method: 'DELETE',
                headers: toFetchHeaders(request),
              }),
            );
            if (terminated.status === 204) await abortUpload(deps.db, upload.id);
            reply.code(terminated.status);
            for (const [name, value] of terminated.headers) {
              if (name !== 'content-length') reply.header(name, value);
            }
            return reply.send(Buffer.from(await terminated.arrayBuffer()));
          }
        }
      }
      reply.hijack();
      const urlId = (request.params as { '*'?: string })['*'] ?? '';
      const patchedKey = request.method === 'PATCH' ? originalKeyFromUrlId(urlId) : undefined;
      if (patchedKey) deps.observer?.begin(patchedKey, Number(single(request.headers['upload-offset']) ?? 0));
      try {
        await deps.tus.handle(request.raw, reply.raw);
      } finally {
        if (patchedKey) deps.observer?.end();
        if (livePatch) deps.live?.endPatch(livePatch);
      }
    };

    scope.all('/files', handler);
    scope.all('/files/*', handler);
  });
}
