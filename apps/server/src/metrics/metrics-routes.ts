import { timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Metrics } from './metrics';

/** Whether an `Authorization` header carries exactly `Bearer <token>` (compared in constant time). */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer (.+)$/.exec(header ?? '');
  if (!match?.[1]) return false;
  const given = Buffer.from(match[1]);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * `GET /metrics` on the main port, only when `METRICS_TOKEN` is set: 401 without the token as a
 * bearer token. Without a token the path is not registered (404), so metrics are off by default.
 */
export function registerMetricsRoute(app: FastifyInstance, deps: { metrics: Metrics; token: string }) {
  app.get('/metrics', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    if (!bearerMatches(request.headers.authorization, deps.token)) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="metrics"')
        .send({ error: 'Unauthorized', message: 'Send the metrics token as a bearer token.' });
    }
    const body = await deps.metrics.registry.metrics();
    return reply.type(deps.metrics.registry.contentType).send(body);
  });
}

/**
 * A listener of its own for `METRICS_PORT` (on `METRICS_HOST`, loopback by default): `/metrics`
 * without a token, for a scraper on the same machine or network; every other path is 404.
 * Also how a worker-only process (`ROLE=worker`, no HTTP port) exposes its job metrics.
 */
export async function startMetricsServer(options: {
  metrics: Metrics;
  port: number;
  host: string;
}): Promise<{ server: Server; port: number; close: () => Promise<void> }> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (request.method !== 'GET' || path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found\n');
      return;
    }
    options.metrics.registry.metrics().then(
      (body) => {
        response
          .writeHead(200, {
            'content-type': options.metrics.registry.contentType,
            'cache-control': 'no-store',
          })
          .end(body);
      },
      (error: unknown) => {
        response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`${String(error)}\n`);
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    server,
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
