import { describe, expect, it } from 'vitest';
import { signUnsubscribeToken, unsubscribeKey, verifyUnsubscribeToken } from './unsubscribe-token';

const key = unsubscribeKey('a-secret-a-secret-a-secret-a-secret');

describe('unsubscribe tokens', () => {
  it('round-trips the user id', () => {
    expect(verifyUnsubscribeToken(key, signUnsubscribeToken(key, 'user-1'))).toBe('user-1');
  });

  it.each([
    ['another key', signUnsubscribeToken(unsubscribeKey('another-secret-another-secret-xx'), 'user-1')],
    [
      'another id with the same signature',
      `${Buffer.from('user-2').toString('base64url')}.${signUnsubscribeToken(key, 'user-1').split('.')[1]}`,
    ],
    ['a cut signature', signUnsubscribeToken(key, 'user-1').slice(0, -2)],
    ['no signature', Buffer.from('user-1').toString('base64url')],
    ['garbage', 'not a token'],
    ['empty', ''],
  ])('refuses %s', (_name, token) => {
    expect(verifyUnsubscribeToken(key, token)).toBeNull();
  });
});
