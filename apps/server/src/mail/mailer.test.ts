import { describe, expect, it } from 'vitest';
import { explainMailError } from './mailer';

const failure = (code: string, message: string, extra: object = {}) =>
  Object.assign(new Error(message), { code, ...extra });

describe('explainMailError', () => {
  it.each([
    [
      failure('ESOCKET', 'connect ECONNREFUSED 127.0.0.1:1'),
      'The SMTP server did not answer (connect ECONNREFUSED 127.0.0.1:1)',
    ],
    [
      failure('EAUTH', 'Invalid login: 535'),
      'The SMTP server refused the login; check the user and password in SMTP_URL (Invalid login: 535)',
    ],
    [
      failure('EENVELOPE', 'Mailbox unavailable', { responseCode: 550 }),
      'The SMTP server refused the mail (Mailbox unavailable)',
    ],
    [new Error('something else'), 'something else'],
  ])('%s', (error, sentence) => {
    expect(explainMailError(error)).toBe(sentence);
  });
});
