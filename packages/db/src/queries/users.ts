import { asc, eq } from 'drizzle-orm';
import type { Database, Transaction } from '../client';
import { session, user } from '../schema';

export type User = typeof user.$inferSelect;

export async function findUserById(db: Database, id: string): Promise<User | undefined> {
  return db.query.user.findFirst({ where: eq(user.id, id) });
}

export async function findUserByEmail(db: Database, email: string): Promise<User | undefined> {
  return db.query.user.findFirst({ where: eq(user.email, email.toLowerCase()) });
}

export async function listUsers(db: Database): Promise<User[]> {
  return db.query.user.findMany({ orderBy: [asc(user.role), asc(user.email)] });
}

/**
 * Disables or re-enables an account. Disabling also ends every session of the account at once,
 * so a disabled member is signed out everywhere rather than at the next expiry.
 */
export async function setUserDisabled(
  db: Database,
  params: { userId: string; disabled: boolean },
): Promise<User | undefined> {
  return db.transaction((tx) => setUserDisabledIn(tx, params));
}

/** `setUserDisabled` inside a transaction the caller already holds (the ticketing webhooks' one). */
export async function setUserDisabledIn(
  tx: Transaction,
  params: { userId: string; disabled: boolean },
): Promise<User | undefined> {
  const [row] = await tx
    .update(user)
    .set({ disabled: params.disabled, updatedAt: new Date() })
    .where(eq(user.id, params.userId))
    .returning();
  if (row && params.disabled) await tx.delete(session).where(eq(session.userId, params.userId));
  return row;
}
