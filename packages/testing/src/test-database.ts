import { randomBytes } from 'node:crypto';
import { createDatabase, type Database } from '@party/db';
import postgres from 'postgres';
import { afterAll, inject } from 'vitest';
import { TEMPLATE_DATABASE } from './constants';
import './provided-context';

/**
 * A fresh, migrated database for the calling test file, copied from the template in milliseconds
 * and dropped after the file's tests.
 */
export async function useTestDatabase(): Promise<{ db: Database; url: string }> {
  const serverUrl = inject('postgresUrl');
  const name = `test_${randomBytes(6).toString('hex')}`;
  const maintenance = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await maintenance.unsafe(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const handle = createDatabase(url.toString(), { max: 5 });
  afterAll(async () => {
    await handle.close();
    await maintenance.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await maintenance.end();
  });
  return { db: handle.db, url: url.toString() };
}
