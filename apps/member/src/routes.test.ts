import { describe, expect, it } from 'vitest';
import { memberRoute } from './routes';

describe('memberRoute', () => {
  it('shows each page at its address, with its parameter', () => {
    expect(memberRoute('/')).toEqual({ page: 'home', params: {} });
    expect(memberRoute('/signup')).toEqual({ page: 'signup', params: {} });
    expect(memberRoute('/music')).toEqual({ page: 'music', params: {} });
    expect(memberRoute('/privacy')).toEqual({ page: 'privacy', params: {} });
    expect(memberRoute('/favourites')).toEqual({ page: 'favourites', params: {} });
    expect(memberRoute('/account')).toEqual({ page: 'account', params: {} });
    expect(memberRoute('/s/Abc_-123')).toEqual({ page: 'share', params: { token: 'Abc_-123' } });
    expect(memberRoute('/music/set-1')).toEqual({ page: 'set', params: { id: 'set-1' } });
    expect(memberRoute('/events/summer-rave-2026-07-14/')).toEqual({
      page: 'gallery',
      params: { slug: 'summer-rave-2026-07-14' },
    });
  });

  it('finds nothing elsewhere', () => {
    for (const path of ['/events', '/musicx', '/music/a/b', '/signup/more', '/admin-ish']) {
      expect(memberRoute(path).page).toBe('not-found');
    }
  });
});
