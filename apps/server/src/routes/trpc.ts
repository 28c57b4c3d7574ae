import { type AppRouter, appRouter, createContext, type MediaBucket } from '@party/api';
import type { Auth } from '@party/api/auth';
import type { Database } from '@party/db';
import type { JobQueue } from '@party/jobs';
import type { MediaDelivery } from '@party/storage';
import { type FastifyTRPCPluginOptions, fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import type { FastifyInstance } from 'fastify';
import { toFetchHeaders } from './auth';

/** tRPC at `/trpc` (batched requests allowed), with the session read from the cookie. */
export async function registerTrpcRoutes(
  app: FastifyInstance,
  deps: {
    db: Database;
    auth: Auth;
    delivery: MediaDelivery;
    storage: MediaBucket;
    jobs: JobQueue;
    publicUrl: string;
  },
) {
  await app.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      createContext: ({ req }) => createContext({ ...deps, headers: toFetchHeaders(req) }),
      onError: ({ error, path, req }) => {
        // Expected outcomes (bad input, not signed in, ...) are answers, not server faults.
        if (error.code === 'INTERNAL_SERVER_ERROR')
          req.log.error({ err: error, path }, 'tRPC procedure failed');
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
  });
}
