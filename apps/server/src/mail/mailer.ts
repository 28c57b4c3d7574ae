import nodemailer from 'nodemailer';
import type { RenderedMail } from './invite-mail';

/** Sends one mail; rejects when the SMTP server is unreachable or refuses it. */
export interface Mailer {
  send(message: RenderedMail & { to: string }): Promise<void>;
  close(): void;
}

/**
 * A nodemailer SMTP transport from a URL (`smtp://user:pass@host:587`, `smtps://` for implicit TLS).
 * Short timeouts: a job waiting on a dead server would hold a worker slot; the queue retries instead.
 */
export function createMailer(options: { smtpUrl: string; from: string }): Mailer {
  const transport = nodemailer.createTransport({
    url: options.smtpUrl,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  return {
    async send(message) {
      await transport.sendMail({
        from: options.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        // Nothing a recipient could answer reaches a person; stop auto-replies bouncing back.
        headers: { ...message.headers, 'Auto-Submitted': 'auto-generated' },
      });
    },
    close: () => transport.close(),
  };
}

/**
 * A sentence for a failed send, shown on the invite: whether the server was unreachable, refused
 * the login or refused the mail, with nodemailer's detail.
 */
export function explainMailError(error: unknown): string {
  const field = (name: string) =>
    typeof error === 'object' && error !== null && name in error
      ? String((error as Record<string, unknown>)[name])
      : '';
  const detail = error instanceof Error ? error.message : String(error);
  switch (field('code')) {
    case 'ESOCKET':
    case 'ECONNECTION':
    case 'ETIMEDOUT':
    case 'EDNS':
    case 'ECONNREFUSED':
      return `The SMTP server did not answer (${detail})`;
    case 'EAUTH':
      return `The SMTP server refused the login; check the user and password in SMTP_URL (${detail})`;
    case 'EENVELOPE':
    case 'EMESSAGE':
      return `The SMTP server refused the mail (${detail})`;
    default:
      return field('responseCode') ? `The SMTP server refused the mail (${detail})` : detail;
  }
}
