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

export type EventRow = typeof schema.events.$inferSelect;
export type ImageRow = typeof schema.images.$inferSelect;

/** Inserts an event; slug and title unique per call. */
export async function seedEvent(db: Database, overrides: Partial<EventRow> = {}): Promise<EventRow> {
  const suffix = randomUUID().slice(0, 8);
  const [row] = await db
    .insert(schema.events)
    .values({ title: `Night ${suffix}`, slug: `night-${suffix}`, eventDate: '2026-11-20', ...overrides })
    .returning();
  if (!row) throw new Error('seedEvent inserted nothing');
  return row;
}

/**
 * Inserts a processed image (status ready, with thumb and preview variant rows) of an event.
 * The keys point at objects that do not exist unless the test uploads them.
 */
export async function seedImage(
  db: Database,
  overrides: Partial<ImageRow> & { eventId: string },
): Promise<ImageRow> {
  const id = overrides.id ?? randomUUID();
  const [row] = await db
    .insert(schema.images)
    .values({
      id,
      originalKey: `originals/${randomUUID()}`,
      originalName: 'photo.jpg',
      mime: 'image/jpeg',
      bytes: 1000,
      width: 1600,
      height: 1067,
      status: 'ready',
      progress: 100,
      ...overrides,
    })
    .returning();
  if (!row) throw new Error('seedImage inserted nothing');
  await db.insert(schema.imageVariants).values([
    {
      imageId: id,
      variant: 'thumb',
      format: 'webp',
      key: `derived/images/${id}/thumb.webp`,
      width: 400,
      height: 267,
      bytes: 100,
    },
    {
      imageId: id,
      variant: 'preview',
      format: 'webp',
      key: `derived/images/${id}/preview.webp`,
      width: 1600,
      height: 1067,
      bytes: 500,
    },
  ]);
  return row;
}
