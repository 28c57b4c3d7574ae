import { describe, expect, it } from 'vitest';
import { shareLinkState } from './share-access';
import { isShareAccessKey, shareAccessKey } from './share-secrets';
import { isShareViewer, shareLinkIdOfViewer, shareViewerId } from './share-viewer';

const at = (iso: string) => new Date(iso);

describe('shareLinkState', () => {
  const expiresAt = at('2026-12-08T12:00:00Z');
  it.each([
    ['active up to the last millisecond', null, '2026-12-08T11:59:59.999Z', 'active'],
    ['expired from its expiry on', null, '2026-12-08T12:00:00Z', 'expired'],
    ['revoked from its revocation on', '2026-12-02T10:00:00Z', '2026-12-02T10:00:00Z', 'revoked'],
    ['revoked rather than expired once both', '2026-12-02T10:00:00Z', '2026-12-09T00:00:00Z', 'revoked'],
  ] as const)('%s', (_, revokedAt, now, state) => {
    expect(shareLinkState({ expiresAt, revokedAt: revokedAt ? at(revokedAt) : null }, at(now))).toBe(state);
  });
});

describe('guest viewer ids', () => {
  it('name the link, and never look like an account id', () => {
    expect(shareLinkIdOfViewer(shareViewerId('link-1'))).toBe('link-1');
    expect(isShareViewer('Xy7abcDEF')).toBe(false);
    expect(shareLinkIdOfViewer('Xy7abcDEF')).toBeNull();
  });
});

describe('share access keys', () => {
  it('hold for the link and password hash they were made for only', () => {
    const link = { id: 'link-1', passwordHash: 'scrypt$a$b' };
    const key = shareAccessKey(link);
    expect(isShareAccessKey(link, key)).toBe(true);
    expect(isShareAccessKey({ ...link, id: 'link-2' }, key)).toBe(false);
    expect(isShareAccessKey({ ...link, passwordHash: 'scrypt$a$c' }, key)).toBe(false);
    expect(isShareAccessKey(link, '')).toBe(false);
  });
});
