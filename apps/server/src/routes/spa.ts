import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Prefixes that belong to the API; unknown paths under them are 404s, never an SPA page. */
const API_PREFIXES = ['/api/', '/trpc', '/files', '/media/', '/healthz', '/readyz', '/hooks/', '/metrics'];

function readIndex(dir: string): string | undefined {
  const file = path.join(dir, 'index.html');
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/**
 * Serves the built SPAs: admin under `/admin/`, member at `/`. Client-side routes (e.g. `/signup`)
 * get the SPA's index.html. Returns which SPAs were found; without a build nothing is served
 * (in development Vite serves them and proxies the API here).
 */
export async function registerSpaRoutes(app: FastifyInstance, dirs: { member: string; admin: string }) {
  const memberIndex = readIndex(dirs.member);
  const adminIndex = readIndex(dirs.admin);
  // Hashed asset files never change; index.html must be revalidated to pick up a new build.
  const assetHeaders = (reply: { header(name: string, value: string): unknown }, file: string) => {
    if (file.includes(`${path.sep}assets${path.sep}`))
      reply.header('cache-control', 'public, max-age=31536000, immutable');
  };
  if (adminIndex) {
    await app.register(fastifyStatic, {
      root: dirs.admin,
      prefix: '/admin/',
      decorateReply: false,
      wildcard: false,
      index: false,
      cacheControl: false,
      // The build's .br/.gz copies (scripts/vite-precompress.ts), to browsers that accept them.
      preCompressed: true,
      setHeaders: assetHeaders,
    });
  }
  if (memberIndex) {
    await app.register(fastifyStatic, {
      root: dirs.member,
      prefix: '/',
      decorateReply: false,
      wildcard: false,
      index: false,
      cacheControl: false,
      // The build's .br/.gz copies (scripts/vite-precompress.ts), to browsers that accept them.
      preCompressed: true,
      setHeaders: assetHeaders,
    });
  }
  app.get('/admin', (_request, reply) => reply.redirect('/admin/'));

  app.setNotFoundHandler((request, reply) => {
    const pathname = request.url.split('?')[0] ?? '/';
    const isPage =
      (request.method === 'GET' || request.method === 'HEAD') &&
      !API_PREFIXES.some((prefix) => pathname.startsWith(prefix)) &&
      !path.extname(pathname);
    const page = !isPage ? undefined : pathname.startsWith('/admin/') ? adminIndex : memberIndex;
    if (page) return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(page);
    return reply.code(404).send({ error: 'Not Found', message: `Nothing at ${request.method} ${pathname}` });
  });
  return { member: memberIndex !== undefined, admin: adminIndex !== undefined };
}
