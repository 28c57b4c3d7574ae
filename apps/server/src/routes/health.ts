import type { S3Client } from '@aws-sdk/client-s3';
import { pingBucket } from '@party/storage';
import type { FastifyInstance } from 'fastify';
import type { Sql } from 'postgres';

const CHECK_TIMEOUT_MS = 3000;

async function check(probe: () => Promise<unknown>): Promise<{ ok: boolean; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([probe(), timeout]);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `/healthz`: the process is up (for restarts). `/readyz`: PostgreSQL and the bucket answer
 * (for load balancers); 503 with the failing check otherwise.
 */
export function registerHealthRoutes(app: FastifyInstance, deps: { sql: Sql; s3: S3Client; bucket: string }) {
  app.get('/healthz', async () => ({ ok: true }));
  app.get('/readyz', async (_request, reply) => {
    const [database, storage] = await Promise.all([
      check(() => deps.sql`select 1`),
      check(() => pingBucket(deps.s3, deps.bucket)),
    ]);
    const ok = database.ok && storage.ok;
    return reply.code(ok ? 200 : 503).send({ ok, checks: { database, storage } });
  });
}
