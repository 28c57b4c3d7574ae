import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Clock, MailServices, SystemServices } from '@party/api';
import type { Auth } from '@party/api/auth';
import { type Database, isHiddenImageKey } from '@party/db';
import type { JobQueue } from '@party/jobs';
import { createMediaDelivery, type DeliveryMode, DiskCache, ObjectProxy } from '@party/storage';
import type { Server as TusServer } from '@tus/server';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import type { Sql } from 'postgres';
import { REPO_ROOT } from './env';
import { registerSecurityHeaders, s3MediaOrigin } from './http-security';
import type { Metrics } from './metrics/metrics';
import { registerMetricsRoute } from './metrics/metrics-routes';
import { registerAuthRoutes } from './routes/auth';
import { registerDownloadRoutes } from './routes/downloads';
import { registerFileRoutes } from './routes/files';
import { registerHealthRoutes } from './routes/health';
import { registerMediaRoutes } from './routes/media';
import { registerSpaRoutes } from './routes/spa';
import { registerTicketingHookRoutes } from './routes/ticketing-hooks';
import { registerTrpcRoutes } from './routes/trpc';
import { registerUnsubscribeRoutes } from './routes/unsubscribe';
import type { LiveEncoder } from './uploads/live/live-encoder';
import { observeUploads } from './uploads/upload-observer';
import type { UploadLimits } from './uploads/upload-rules';

export interface AppDeps {
  db: Database;
  sql: Sql;
  auth: Auth;
  s3: S3Client;
  bucket: string;
  jobs: JobQueue;
  tus: TusServer;
  /** Encoding while uploading; the same instance the tus server was created with. */
  live?: LiveEncoder;
  uploadLimits: UploadLimits;
  publicUrl: string;
  /** Origins that stand in for `publicUrl` in links when a request comes from one (no PUBLIC_URL). */
  linkOrigins?: string[];
  /** Outgoing mail; absent: off. */
  mail?: MailServices;
  /** `unsubscribeKey(authSecret)`: enables `/mail/unsubscribe` (notice mails' one-click link). */
  unsubscribeKey?: Buffer;
  /** `NODE_ENV=production`: security headers meant for HTTPS only (HSTS) are sent then. */
  production?: boolean;
  logger: FastifyBaseLogger;
  trustProxy?: boolean;
  /** How members get media: presigned S3 URLs or the `/media` proxy (README, Delivery). */
  delivery: DeliveryConfig;
  /** The time share links expire by; the system clock unless a test sets one. */
  clock?: Clock;
  /**
   * The ticketing backend integration: the webhook secret (null: `/hooks/ticketing` answers 404)
   * and whether the pull API is configured (for the admin page and "Sync now").
   */
  ticketing?: { webhookSecret: string | null; pull: boolean };
  /** Where the built SPAs are; defaults to the apps' `dist` folders. */
  spaDirs?: { member: string; admin: string };
  /** This process's metrics (always collected; cheap); exposed on `/metrics` only with `metricsToken`. */
  metrics?: Metrics;
  /** `METRICS_TOKEN`: `/metrics` on this port, behind this bearer token; unset: 404. */
  metricsToken?: string;
  /** What the admin System page reads about this installation (the media cache is added here). */
  system?: Omit<SystemServices, 'mediaCache'>;
}

export interface DeliveryConfig {
  mode: DeliveryMode;
  /** HMAC key of `/media` tokens (`mediaTokenKey(authSecret)`). */
  tokenKey: Buffer;
  /** Disk cache of proxied objects, shared safely by every process on this disk. */
  cacheDir: string;
  /** Its byte budget; 0: no cache, every proxied request streams from S3. */
  cacheMaxBytes: number;
}

const REQUEST_ID = /^[\w.-]{1,100}$/;
// A failing presigner would otherwise log once per URL of every gallery page.
const PRESIGN_ERROR_LOG_INTERVAL_MS = 60_000;

/** The HTTP application: every route, no listening socket (so tests can `inject`). */
export async function buildApp(deps: AppDeps) {
  const app = Fastify({
    loggerInstance: deps.logger,
    trustProxy: deps.trustProxy ?? false,
    // A request id from the proxy in front is kept, so one id follows a request across services.
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    // Let in-flight requests finish on shutdown but drop idle keep-alive connections at once.
    forceCloseConnections: 'idle',
    // A tRPC batch names every procedure in its path (`/trpc/a.b,c.d,…`): Fastify's default of 100
    // characters refused the event page's batch of five queries with 414.
    routerOptions: { maxParamLength: 2000 },
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  const metrics = deps.metrics;
  if (metrics) {
    // The route pattern (`/media/*`), never the raw URL: tokens and ids would explode the series.
    app.addHook('onResponse', async (request, reply) => {
      metrics.httpRequest(
        request.method,
        request.routeOptions.url ?? 'unmatched',
        reply.statusCode,
        reply.elapsedTime / 1000,
      );
    });
  }
  // Presigned URLs point at the endpoint of the very client that signs them.
  const s3Endpoint = deps.delivery.mode === 'presigned' ? await deps.s3.config.endpoint?.() : undefined;
  await registerSecurityHeaders(app, {
    production: deps.production ?? false,
    mediaOrigins: s3Endpoint ? [s3MediaOrigin(s3Endpoint)] : [],
  });

  const log = deps.logger;
  let lastPresignError = 0;
  const delivery = createMediaDelivery({
    mode: deps.delivery.mode,
    client: deps.s3,
    bucket: deps.bucket,
    tokenKey: deps.delivery.tokenKey,
    onIssued: metrics?.urlIssued,
    onPresignError: (error) => {
      if (Date.now() - lastPresignError < PRESIGN_ERROR_LOG_INTERVAL_MS) return;
      lastPresignError = Date.now();
      log.error({ err: error }, 'presigning failed: serving media through /media until it works again');
    },
  });
  const cache =
    deps.delivery.cacheMaxBytes > 0
      ? new DiskCache({
          dir: deps.delivery.cacheDir,
          maxBytes: deps.delivery.cacheMaxBytes,
          onError: (error, what) => log.warn({ err: error }, `media cache: ${what}`),
        })
      : null;
  // In presigned mode the cache only serves the rare fallback: it is read when first needed.
  if (cache && deps.delivery.mode === 'proxy') {
    await cache.start();
    const { files, usedBytes } = cache.stats();
    log.info(
      { cacheDir: cache.dir, files, usedMB: Math.round(usedBytes / 2 ** 20) },
      'media delivery through /media (DELIVERY_MODE=proxy)',
    );
  }
  app.addHook('onClose', async () => cache?.close());
  const proxy = new ObjectProxy({
    client: deps.s3,
    bucket: deps.bucket,
    cache,
    onError: (error, what) => log.warn({ err: error }, `media proxy: ${what}`),
    onRead: metrics?.mediaRead,
  });

  registerHealthRoutes(app, { sql: deps.sql, s3: deps.s3, bucket: deps.bucket });
  if (metrics && deps.metricsToken) registerMetricsRoute(app, { metrics, token: deps.metricsToken });
  await registerAuthRoutes(app, deps.auth);
  if (deps.unsubscribeKey) await registerUnsubscribeRoutes(app, { db: deps.db, key: deps.unsubscribeKey });
  await registerTrpcRoutes(app, {
    db: deps.db,
    auth: deps.auth,
    delivery,
    storage: { client: deps.s3, bucket: deps.bucket },
    jobs: deps.jobs,
    publicUrl: deps.publicUrl,
    clock: deps.clock,
    integration: { webhooks: Boolean(deps.ticketing?.webhookSecret), pull: deps.ticketing?.pull ?? false },
    linkOrigins: deps.linkOrigins,
    mail: deps.mail,
    system: deps.system && {
      ...deps.system,
      mediaCache: () => (cache ? { ...cache.stats(), maxBytes: cache.maxBytes } : null),
    },
  });
  registerMediaRoutes(app, {
    auth: deps.auth,
    db: deps.db,
    proxy,
    tokenKey: deps.delivery.tokenKey,
    clock: deps.clock,
    isHidden: (key) => isHiddenImageKey(deps.db, key),
  });
  registerDownloadRoutes(app, { auth: deps.auth, db: deps.db, s3: deps.s3, bucket: deps.bucket });
  await registerTicketingHookRoutes(app, {
    db: deps.db,
    jobs: deps.jobs,
    secret: deps.ticketing?.webhookSecret ?? null,
  });
  await registerFileRoutes(app, {
    auth: deps.auth,
    db: deps.db,
    tus: deps.tus,
    limits: deps.uploadLimits,
    observer: observeUploads(deps.tus, { db: deps.db, metrics, log }),
    live: deps.live,
  });
  // After in-flight requests: kills live encodes and removes their spools.
  app.addHook('onClose', async () => deps.live?.close());
  await registerSpaRoutes(
    app,
    deps.spaDirs ?? {
      member: path.join(REPO_ROOT, 'apps/member/dist'),
      admin: path.join(REPO_ROOT, 'apps/admin/dist'),
    },
  );
  return app;
}
