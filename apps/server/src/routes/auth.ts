import type { Auth } from '@party/api/auth';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { refuseFormPost } from '../http-security';

/** Header better-auth reads the client address from; always overwritten with the socket's. */
export const CLIENT_IP_HEADER = 'x-party-client-ip';

/** Node's header object as a Fetch `Headers`, which better-auth and tRPC context code take. */
export function toFetchHeaders(request: FastifyRequest): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  headers.set(CLIENT_IP_HEADER, request.ip);
  return headers;
}

/** Mounts better-auth's handler at its defaults under `/api/auth/*`; form posts are refused (login CSRF). */
export async function registerAuthRoutes(app: FastifyInstance, auth: Auth) {
  await app.register(async (scope) => {
    // better-auth parses bodies itself: hand it the raw bytes of any content type.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 64 * 1024 }, (_request, body, done) =>
      done(null, body),
    );
    scope.route({
      method: ['GET', 'POST'],
      url: '/api/auth/*',
      handler: async (request, reply) => {
        if (request.method === 'POST') {
          const refusal = refuseFormPost({
            contentType: request.headers['content-type'],
            hasBody:
              Number(request.headers['content-length'] ?? 0) > 0 ||
              request.headers['transfer-encoding'] !== undefined,
          });
          if (refusal) return reply.code(415).type('text/plain; charset=utf-8').send(refusal);
        }
        const url = new URL(request.url, `http://${request.headers.host ?? 'localhost'}`);
        const body =
          request.method === 'POST' && Buffer.isBuffer(request.body)
            ? new Uint8Array(request.body)
            : undefined;
        const response = await auth.handler(
          new Request(url, { method: request.method, headers: toFetchHeaders(request), body }),
        );
        reply.code(response.status);
        for (const [name, value] of response.headers) {
          if (name !== 'set-cookie') reply.header(name, value);
        }
        const cookies = response.headers.getSetCookie();
        if (cookies.length > 0) reply.header('set-cookie', cookies);
        return reply.send(response.body ? Buffer.from(await response.arrayBuffer()) : null);
      },
    });
  });
}
