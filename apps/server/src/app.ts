import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import type { Auth } from '@party/api/auth';
import type { Database } from '@party/db';
import type { JobQueue } from '@party/jobs';
import type { Server as TusServer } from '@tus/server';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import type { Sql } from 'postgres';
import { REPO_ROOT } from './env';
import { registerAuthRoutes } from './routes/auth';
import { registerFileRoutes } from './routes/files';
import { registerHealthRoutes } from './routes/health';
import { registerSpaRoutes } from './routes/spa';
import { registerTrpcRoutes } from './routes/trpc';
import type { UploadLimits } from './uploads/upload-rules';

export interface AppDeps {
  db: Database;
  sql: Sql;
  auth: Auth;
  s3: S3Client;
  bucket: string;
  jobs: JobQueue;
  tus: TusServer;
  uploadLimits: UploadLimits;
  publicUrl: string;
  logger: FastifyBaseLogger;
  trustProxy?: boolean;
  /** Where the built SPAs are; defaults to the apps' `dist` folders. */
  spaDirs?: { member: string; admin: string };
}

const REQUEST_ID = /^[\w.-]{1,100}$/;

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
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  registerHealthRoutes(app, { sql: deps.sql, s3: deps.s3, bucket: deps.bucket });
  await registerAuthRoutes(app, deps.auth);
  await registerTrpcRoutes(app, {
    db: deps.db,
    auth: deps.auth,
    storage: { client: deps.s3, bucket: deps.bucket },
    jobs: deps.jobs,
    publicUrl: deps.publicUrl,
  });
  await registerFileRoutes(app, { auth: deps.auth, db: deps.db, tus: deps.tus, limits: deps.uploadLimits });
  await registerSpaRoutes(
    app,
    deps.spaDirs ?? {
      member: path.join(REPO_ROOT, 'apps/member/dist'),
      admin: path.join(REPO_ROOT, 'apps/admin/dist'),
    },
  );
  return app;
}
