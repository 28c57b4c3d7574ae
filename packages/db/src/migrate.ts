import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import type { Sql } from 'postgres';
import type { Database } from './client';

const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

// pg_advisory_lock key of the schema migrations: any fixed number, the same in every release.
const MIGRATION_LOCK = 7_305_146_210;

/**
 * Applies the committed SQL migrations that this database has not seen yet. Safe to run on every
 * start, also by several processes starting at the same moment: drizzle's migrator reads which
 * migrations are applied outside its transaction, so two processes would both apply the same one
 * (the second fails on "relation already exists"). A session advisory lock, held on a connection
 * of its own while the migrator runs on another, makes the others wait and then find nothing to do.
 * The pool therefore needs at least two connections.
 */
export async function runMigrations(database: { db: Database; sql: Sql }): Promise<void> {
  if ((database.sql.options.max ?? 10) < 2) {
    throw new Error('runMigrations needs a pool of at least two connections (one holds the lock)');
  }
  const lock = await database.sql.reserve();
  try {
    await lock`select pg_advisory_lock(${MIGRATION_LOCK})`;
    try {
      await migrate(database.db, { migrationsFolder });
    } finally {
      await lock`select pg_advisory_unlock(${MIGRATION_LOCK})`;
    }
  } finally {
    lock.release();
  }
}
