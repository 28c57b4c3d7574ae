import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDatabase, runMigrations } from '@party/db';
import { startEmbeddedPostgres } from '@party/dev-services/postgres';
import type { TestProject } from 'vitest/node';
import { TEMPLATE_DATABASE } from './constants';
import './provided-context';

/**
 * Starts the services of the integration project once per run: a real PostgreSQL (embedded,
 * throw-away data directory) with one migrated template database that every test file copies.
 */
export default async function setup(project: TestProject) {
  const dir = await mkdtemp(path.join(tmpdir(), 'party-int-'));
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg') });
  const admin = createDatabase(pg.url, { max: 1 });
  await admin.sql.unsafe(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.close();
  const template = createDatabase(pg.urlFor(TEMPLATE_DATABASE), { max: 2 });
  await runMigrations(template);
  await template.close();

  project.provide('postgresUrl', pg.url);

  return async () => {
    await pg.stop();
    await rm(dir, { recursive: true, force: true });
    await rm(pg.dataDir, { recursive: true, force: true });
  };
}
