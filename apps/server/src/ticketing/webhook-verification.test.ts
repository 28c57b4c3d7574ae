import { describe, expect, it } from 'vitest';
import { verifyWebhook, Webhook } from './webhook-verification';

const secret = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
const webhook = new Webhook(secret);
const body = '{"type":"event.deleted","data":{"id":"e1","updatedAt":"2026-10-01T10:00:00Z"}}';

function headersAt(secondsAgo: number, id = 'msg_1', signedBody = body) {
  const date = new Date(Date.now() - secondsAgo * 1000);
  return {
    id,
    timestamp: String(Math.floor(date.getTime() / 1000)),
    signature: webhook.sign(id, date, signedBody),
  };
}

describe('verifyWebhook', () => {
  it('accepts a signature over id, timestamp and body within 5 minutes', () => {
    expect(verifyWebhook(webhook, body, headersAt(0))).toEqual({ ok: true, webhookId: 'msg_1' });
    expect(verifyWebhook(webhook, body, headersAt(290))).toMatchObject({ ok: true });
    // Several signatures (a secret being rotated): one match is enough.
    const h = headersAt(0);
    expect(verifyWebhook(webhook, body, { ...h, signature: `v1,AAAA ${h.signature}` })).toMatchObject({
      ok: true,
    });
  });

  it.each([
    ['a changed body', () => verifyWebhook(webhook, `${body} `, headersAt(0)), 'signature'],
    ['another id', () => verifyWebhook(webhook, body, { ...headersAt(0), id: 'msg_2' }), 'signature'],
    ['older than 5 minutes', () => verifyWebhook(webhook, body, headersAt(310)), 'stale'],
    ['more than 5 minutes ahead', () => verifyWebhook(webhook, body, headersAt(-310)), 'stale'],
    [
      'no signature',
      () => verifyWebhook(webhook, body, { ...headersAt(0), signature: undefined }),
      'headers',
    ],
    [
      'a timestamp in milliseconds',
      () => verifyWebhook(webhook, body, { ...headersAt(0), timestamp: `${Date.now()}0` }),
      'headers',
    ],
    ['an id of 201 characters', () => verifyWebhook(webhook, body, headersAt(0, 'm'.repeat(201))), 'headers'],
  ])('refuses %s', (_name, run, reason) => {
    expect(run()).toMatchObject({ ok: false, reason });
  });
});
