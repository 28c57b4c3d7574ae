import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import type { Database } from './client';

const migrationsFolder = fileURLToPath(new URL('../drizzle', import.meta.url));

/** Applies the committed SQL migrations that this database has not seen yet. Safe to run on every start. */
export async function runMigrations(db: Database): Promise<void> {
  await migrate(db, { migrationsFolder });
}
