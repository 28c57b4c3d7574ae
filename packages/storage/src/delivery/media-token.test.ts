import { describe, expect, it } from 'vitest';
import { mediaTokenKey, signMediaToken, verifyMediaToken } from './media-token';

const key = mediaTokenKey('a-secret-that-is-long-enough-0123456789');
const now = new Date('2026-11-26T10:00:00Z');
const payload = {
  key: 'derived/tracks/x/medium.mp3',
  viewerId: 'user-1',
  expiresAt: now.getTime() / 1000 + 900,
  downloadName: 'Größe "x".flac',
  contentType: 'audio/flac',
};

describe('media tokens', () => {
  it('round-trips, and equal inputs give the same token', () => {
    const token = signMediaToken(key, payload);
    expect(token).toBe(signMediaToken(key, payload));
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyMediaToken(key, token, now)).toEqual({ ok: true, payload });
  });

  it('refuses forged, altered, foreign-key and expired tokens', () => {
    const token = signMediaToken(key, payload);
    const [body = '', mac = ''] = token.split('.');
    const altered = Buffer.from(JSON.stringify({ k: 'originals/secret', u: 'user-1', e: payload.expiresAt }));
    expect(verifyMediaToken(key, `${altered.toString('base64url')}.${mac}`, now)).toEqual({
      ok: false,
      reason: 'invalid',
    });
    const flipped = `${body}.${mac.startsWith('A') ? 'B' : 'A'}${mac.slice(1)}`;
    expect(verifyMediaToken(key, flipped, now)).toEqual({ ok: false, reason: 'invalid' });
    expect(verifyMediaToken(mediaTokenKey('another-secret-another-secret-0123'), token, now).ok).toBe(false);
    for (const junk of ['', '.', 'abc', `${body}.`, `${body}.${mac}x`, '../../etc/passwd']) {
      expect(verifyMediaToken(key, junk, now)).toEqual({ ok: false, reason: 'invalid' });
    }
    expect(verifyMediaToken(key, token, new Date(now.getTime() + 900_000))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });
});
