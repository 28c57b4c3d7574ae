import { describe, expect, it } from 'vitest';
import { roleFromClaims } from './role-from-claims';

const mapping = { rolesClaim: 'groups', memberValue: 'community', adminValue: 'media-admins' };

describe('roleFromClaims', () => {
  it.each([
    [{ groups: ['community'] }, 'member'],
    [{ groups: ['community', 'media-admins'] }, 'admin'],
    [{ groups: ['media-admins'] }, 'admin'],
    [{ groups: 'community staff' }, 'member'],
    [{ groups: 'staff,media-admins' }, 'admin'],
    [{ groups: ['staff'] }, null],
    [{ groups: [] }, null],
    [{ groups: 'communityx' }, null],
    [{ groups: [{ name: 'community' }] }, null],
    [{}, null],
  ])('%j → %s', (profile, role) => {
    expect(roleFromClaims(profile, mapping).role).toBe(role);
  });

  it('reads a dotted path into a nested claim, and prefers a flat claim of that exact name', () => {
    const nested = { ...mapping, rolesClaim: 'realm_access.roles' };
    expect(roleFromClaims({ realm_access: { roles: ['community'] } }, nested).role).toBe('member');
    expect(roleFromClaims({ 'realm_access.roles': ['media-admins'] }, nested).role).toBe('admin');
    expect(roleFromClaims({ realm_access: 'community' }, nested).role).toBe(null);
  });

  it('refuses with the reason not_a_member', () => {
    expect(roleFromClaims({ groups: ['x'] }, mapping)).toEqual({ role: null, reason: 'not_a_member' });
  });
});
