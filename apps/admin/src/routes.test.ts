import { describe, expect, it } from 'vitest';
import { adminRoute } from './routes';

// Paths inside `/admin` (wouter strips the base; see packages/ui/src/router.test.tsx).
const id = '6f1c2a9e-0b7d-4c1e-9a53-2d4f8e7b1c00';

describe('adminRoute', () => {
  it('shows each page at its address', () => {
    expect(adminRoute('/')).toEqual({ page: 'overview', params: {} });
    expect(adminRoute('/events')).toEqual({ page: 'events', params: {} });
    expect(adminRoute('/music/')).toEqual({ page: 'music', params: {} });
    expect(adminRoute('/invites')).toEqual({ page: 'invites', params: {} });
    expect(adminRoute('/members')).toEqual({ page: 'members', params: {} });
    expect(adminRoute('/takedowns')).toEqual({ page: 'takedowns', params: {} });
    expect(adminRoute('/integration')).toEqual({ page: 'integration', params: {} });
    expect(adminRoute('/mail')).toEqual({ page: 'mail', params: {} });
  });

  it('gives an event page and a set page their id', () => {
    expect(adminRoute(`/events/${id}`)).toEqual({ page: 'event', params: { id } });
    expect(adminRoute(`/music/${id}/`)).toEqual({ page: 'set', params: { id } });
  });

  it('finds nothing at paths that only start like a page, or at unknown ones', () => {
    for (const path of ['/eventsx', '/events/a/b', '/musicians', '/invites/old', '/membersx', '/settings']) {
      expect(adminRoute(path).page).toBe('not-found');
    }
  });
});
