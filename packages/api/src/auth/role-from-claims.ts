import type { Role } from '@party/db';

/** Which claim carries membership and which of its values mean member and admin. */
export interface ClaimMapping {
  /** Claim name; a dotted path reaches into an object (`realm_access.roles`). */
  rolesClaim: string;
  memberValue: string;
  adminValue: string;
}

/** What a sign-in through the ticketing backend is allowed to become. */
export type MembershipDecision = { role: Role } | { role: null; reason: 'not_a_member' };

function claimAt(profile: Record<string, unknown>, path: string): unknown {
  if (path in profile) return profile[path];
  let value: unknown = profile;
  for (const part of path.split('.')) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = Reflect.get(value, part);
  }
  return value;
}

/** A claim as a list of values: arrays as they are, a string split on spaces and commas. */
function claimValues(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  return [];
}

/**
 * The role a person gets from the provider's claims, read at every sign-in: the admin value makes
 * `admin` (admins are members too), the member value `member`, anything else is refused.
 */
export function roleFromClaims(profile: Record<string, unknown>, mapping: ClaimMapping): MembershipDecision {
  const values = claimValues(claimAt(profile, mapping.rolesClaim));
  if (values.includes(mapping.adminValue)) return { role: 'admin' };
  if (values.includes(mapping.memberValue)) return { role: 'member' };
  return { role: null, reason: 'not_a_member' };
}
