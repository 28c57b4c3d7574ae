import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, refuseFormPost, s3MediaOrigin } from './http-security';

describe('contentSecurityPolicy', () => {
  const s3 = 'https://s3.hidrive.strato.com';

  it('allows presigned media from the S3 origin for images, audio and fetches only', () => {
    const policy = contentSecurityPolicy({ production: false, mediaOrigins: [s3] });
    expect(policy['img-src']).toEqual(["'self'", 'data:', 'blob:', s3]);
    expect(policy['media-src']).toEqual(["'self'", s3]);
    expect(policy['connect-src']).toEqual(["'self'", s3]);
    for (const directive of ['default-src', 'script-src', 'style-src', 'font-src']) {
      expect(policy[directive], directive).not.toContain(s3);
    }
  });

  it('never allows inline or evaluated scripts, plugins or framing', () => {
    const policy = contentSecurityPolicy({ production: true, mediaOrigins: [] });
    expect(policy['script-src']).toEqual(["'self'"]);
    expect(policy['script-src-attr']).toEqual(["'none'"]);
    expect(policy['object-src']).toEqual(["'none'"]);
    expect(policy['frame-ancestors']).toEqual(["'none'"]);
    expect(Object.values(policy).flat()).not.toContain("'unsafe-eval'");
  });

  it('upgrades insecure requests only in production', () => {
    expect(contentSecurityPolicy({ production: true, mediaOrigins: [] })).toHaveProperty(
      'upgrade-insecure-requests',
    );
    expect(contentSecurityPolicy({ production: false, mediaOrigins: [] })).not.toHaveProperty(
      'upgrade-insecure-requests',
    );
  });
});

describe('s3MediaOrigin', () => {
  it.each([
    [{ protocol: 'http:', hostname: '127.0.0.1', port: 4567 }, 'http://127.0.0.1:4567'],
    [{ protocol: 'https:', hostname: 's3.hidrive.strato.com' }, 'https://s3.hidrive.strato.com'],
    [{ protocol: 'https', hostname: 's3.example.org', port: 443 }, 'https://s3.example.org'],
  ])('%o → %s', (endpoint, origin) => {
    expect(s3MediaOrigin(endpoint)).toBe(origin);
  });
});

describe('refuseFormPost', () => {
  it.each([
    { contentType: 'application/json', hasBody: true, refused: false },
    { contentType: 'application/json; charset=utf-8', hasBody: true, refused: false },
    { contentType: undefined, hasBody: false, refused: false },
    { contentType: 'application/x-www-form-urlencoded', hasBody: true, refused: true },
    { contentType: 'multipart/form-data; boundary=x', hasBody: true, refused: true },
    { contentType: 'Text/Plain;charset=UTF-8', hasBody: true, refused: true },
    { contentType: undefined, hasBody: true, refused: true },
    { contentType: 'application/xml', hasBody: true, refused: true },
  ])('$contentType (body: $hasBody) → refused: $refused', ({ contentType, hasBody, refused }) => {
    const sentence = refuseFormPost({ contentType, hasBody });
    expect(sentence !== undefined).toBe(refused);
    if (sentence) expect(sentence).toMatch(/^Account requests must be sent as JSON .*\.$/);
  });
});
