import type { RejectionReason } from '@party/db';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

/** The three Standard Webhooks headers, as received (absent ones as undefined). */
export interface WebhookHeaders {
  id: string | undefined;
  timestamp: string | undefined;
  signature: string | undefined;
}

export type VerificationResult =
  | { ok: true; webhookId: string }
  | { ok: false; reason: Extract<RejectionReason, 'headers' | 'stale' | 'signature'>; detail: string };

/** Longest `webhook-id` kept for de-duplication (Standard Webhooks ids are short, e.g. `msg_…`). */
const MAX_WEBHOOK_ID = 200;

/**
 * Checks a delivery the Standard Webhooks way (`standardwebhooks`): HMAC-SHA256 over
 * `<webhook-id>.<webhook-timestamp>.<body>` with the shared secret, any of the `v1,` signatures
 * matching, and a timestamp at most 5 minutes from now in either direction (the library's fixed
 * tolerance). Says why a delivery fails, in a sentence for the sender and a reason for the count.
 */
export function verifyWebhook(webhook: Webhook, body: string, headers: WebhookHeaders): VerificationResult {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) {
    const missing = [
      !id && 'webhook-id',
      !timestamp && 'webhook-timestamp',
      !signature && 'webhook-signature',
    ]
      .filter(Boolean)
      .join(', ');
    return { ok: false, reason: 'headers', detail: `Missing header: ${missing}.` };
  }
  if (id.length > MAX_WEBHOOK_ID) {
    return {
      ok: false,
      reason: 'headers',
      detail: `The webhook-id is longer than ${MAX_WEBHOOK_ID} characters.`,
    };
  }
  if (!/^\d{1,12}$/.test(timestamp)) {
    return {
      ok: false,
      reason: 'headers',
      detail: 'The webhook-timestamp must be whole seconds since 1970.',
    };
  }
  try {
    webhook.verify(
      body,
      { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature },
      {
        jsonParse: false,
      },
    );
    return { ok: true, webhookId: id };
  } catch (error) {
    if (!(error instanceof WebhookVerificationError)) throw error;
    if (/timestamp/i.test(error.message)) {
      return {
        ok: false,
        reason: 'stale',
        detail: "The webhook-timestamp is more than 5 minutes away from this server's clock.",
      };
    }
    return {
      ok: false,
      reason: 'signature',
      detail: 'No webhook-signature matches this body with the shared secret.',
    };
  }
}

export { Webhook };
