import { type AppRouter, appRouter, type ContextServices, createContext } from '@party/api';
import { type FastifyTRPCPluginOptions, fastifyTRPCPlugin } from '@trpc/server/adapters/fastify';
import type { FastifyInstance } from 'fastify';
import { toFetchHeaders } from './auth';

/** tRPC at `/trpc` (batched requests allowed), with the session read from the cookie. */
export async function registerTrpcRoutes(app: FastifyInstance, deps: ContextServices) {
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
