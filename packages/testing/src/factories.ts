import { randomUUID } from 'node:crypto';
import { type Database, type Role, schema } from '@party/db';

export type UserRow = typeof schema.user.$inferSelect;

/** A user object with sensible defaults; nothing is written. */
export function buildUser(overrides: Partial<UserRow> = {}): UserRow {
  const id = overrides.id ?? randomUUID();
  const now = new Date();
  return {
    id,
    name: 'Test Person',
    email: `${id.slice(0, 8)}@test.local`,
    emailVerified: true,
    image: null,
    role: 'member' satisfies Role,
    disabled: false,
    createdAt: now,
    updatedAt: now,
    ...overrides,
  };
}

/** Inserts a user row (no password login; use the auth API for that). */
export async function seedUser(db: Database, overrides: Partial<UserRow> = {}): Promise<UserRow> {
  const [row] = await db.insert(schema.user).values(buildUser(overrides)).returning();
  if (!row) throw new Error('seedUser inserted nothing');
  return row;
}
