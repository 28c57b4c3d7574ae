import { randomUUID } from 'node:crypto';
import { type Database, findDelivery } from '@party/db';
import { decodeTrpcAnswer, trpcInput } from '@party/testing/trpc-wire';
import type { FastifyInstance } from 'fastify';
import { Webhook } from 'standardwebhooks';
import { expect, vi } from 'vitest';

/** A shared secret as an operator would make one: `whsec_` + 32 random bytes in base64. */
export const WEBHOOK_SECRET = `whsec_${Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 37 + 11) % 256)).toString('base64')}`;

/**
 * Sends a delivery the way the ticketing backend would, signed with the `standardwebhooks` package.
 * `tamper` changes the body after signing; `ageSeconds` dates the timestamp back.
 */
export async function deliver(
  app: FastifyInstance,
  message: unknown,
  options: {
    id?: string;
    ageSeconds?: number;
    secret?: string;
    tamper?: (body: string) => string;
    raw?: string;
  } = {},
) {
  const id = options.id ?? `msg_${randomUUID()}`;
  const body = options.raw ?? JSON.stringify(message);
  const timestamp = new Date(Date.now() - (options.ageSeconds ?? 0) * 1000);
  const signature = new Webhook(options.secret ?? WEBHOOK_SECRET).sign(id, timestamp, body);
  const response = await app.inject({
    method: 'POST',
    url: '/hooks/ticketing',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': signature,
    },
    payload: options.tamper ? options.tamper(body) : body,
  });
  return { id, status: response.statusCode, body: response.body };
}

/** Waits until the delivery's job has run; returns the delivery row. */
export async function processed(db: Database, webhookId: string) {
  return vi.waitFor(
    async () => {
      const delivery = await findDelivery(db, webhookId);
      expect(delivery?.status).not.toBe('queued');
      if (!delivery) throw new Error('no delivery');
      return delivery;
    },
    { timeout: 45_000, interval: 100 },
  );
}

/** A tRPC query over the app's HTTP edge with a session cookie; the decoded data or error code. */
export async function query(app: FastifyInstance, cookie: string, procedure: string, input?: unknown) {
  const url =
    input === undefined
      ? `/trpc/${procedure}`
      : `/trpc/${procedure}?input=${encodeURIComponent(JSON.stringify(trpcInput(input)))}`;
  const response = await app.inject({ method: 'GET', url, headers: { cookie } });
  const answer = decodeTrpcAnswer(JSON.parse(response.body));
  return { data: answer.result?.data, code: answer.error?.data.code };
}

export const at = (iso: string) => new Date(iso).toISOString();
