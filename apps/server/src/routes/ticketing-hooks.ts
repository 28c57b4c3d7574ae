import { parseDelivery } from '@party/api/ticketing';
import { type Database, forgetDelivery, recordDelivery, recordRejection } from '@party/db';
import type { JobQueue } from '@party/jobs';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { verifyWebhook, Webhook } from '../ticketing/webhook-verification';

export const TICKETING_HOOK_PATH = '/hooks/ticketing';
/** Largest delivery accepted (a message is one record; 413 past it). */
export const WEBHOOK_BODY_LIMIT = 64 * 1024;

const NOT_ENABLED =
  'Webhooks from the ticketing backend are not enabled on this server (TICKETING_WEBHOOK_SECRET is not set).';

function answer(reply: FastifyReply, status: number, sentence: string) {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .type('text/plain; charset=utf-8')
    .send(sentence);
}

function header(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * `POST /hooks/ticketing`: signed deliveries of the ticketing backend (README, Connecting the
 * ticketing backend → Webhooks). Verifies the raw body, drops repeats by `webhook-id`, stores the
 * message and queues its job, so the answer comes before any processing.
 */
export async function registerTicketingHookRoutes(
  app: FastifyInstance,
  deps: { db: Database; jobs: JobQueue; secret: string | null },
) {
  const webhook = deps.secret ? new Webhook(deps.secret) : null;
  await app.register(async (scope) => {
    // The signature covers the exact bytes: keep them raw, whatever the content type says.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT },
      (_request, body, done) => done(null, body),
    );
    scope.setErrorHandler(async (error, request, reply) => {
      const status = (error as { statusCode?: number }).statusCode;
      if (status === 413) {
        if (!webhook) return answer(reply, 404, NOT_ENABLED);
        await recordRejection(deps.db, {
          reason: 'too-large',
          detail: `The body is larger than ${WEBHOOK_BODY_LIMIT} bytes.`,
          webhookId: header(request.headers['webhook-id']),
        });
        return answer(reply, 413, `A delivery may be at most ${WEBHOOK_BODY_LIMIT} bytes.`);
      }
      if (status && status >= 400 && status < 500) {
        return answer(reply, status, error instanceof Error ? error.message : 'The request was refused.');
      }
      request.log.error({ err: error }, 'ticketing webhook failed');
      return answer(reply, 500, 'The delivery could not be stored. Send it again later.');
    });

    scope.post(TICKETING_HOOK_PATH, async (request, reply) => {
      if (!webhook) return answer(reply, 404, NOT_ENABLED);
      const body = Buffer.isBuffer(request.body) ? request.body.toString('utf8') : '';
      const verified = verifyWebhook(webhook, body, {
        id: header(request.headers['webhook-id']),
        timestamp: header(request.headers['webhook-timestamp']),
        signature: header(request.headers['webhook-signature']),
      });
      if (!verified.ok) {
        await recordRejection(deps.db, {
          reason: verified.reason,
          detail: verified.detail,
          webhookId: header(request.headers['webhook-id']),
        });
        return answer(reply, 401, verified.detail);
      }
      const { webhookId } = verified;
      const parsed = parseDelivery(body);
      if (parsed.kind === 'malformed') {
        await recordRejection(deps.db, { reason: 'malformed', detail: parsed.problem, webhookId });
        return answer(reply, 422, parsed.problem);
      }
      if (parsed.kind === 'unknown-type') {
        // Accepted, not refused: a sender that learnt a new type must not retry it forever.
        const first = await recordDelivery(deps.db, {
          webhookId,
          type: parsed.type.slice(0, 100),
          payload: {},
          status: 'ignored',
          outcome: 'unknown type',
        });
        return answer(
          reply,
          first ? 202 : 200,
          `Ignored: this service does not handle messages of type "${parsed.type}".`,
        );
      }
      const { message } = parsed;
      // Stored as received (the job parses it again); `data` alone, the type has its own column.
      const data = (JSON.parse(body) as { data: unknown }).data;
      const first = await recordDelivery(deps.db, { webhookId, type: message.type, payload: data });
      if (!first) return answer(reply, 200, 'Already received: this webhook-id is not processed again.');
      try {
        await deps.jobs.send('ticketing-delivery', { webhookId });
      } catch (error) {
        await forgetDelivery(deps.db, webhookId);
        throw error;
      }
      return answer(reply, 202, 'Accepted.');
    });
  });
}
