import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type {} from '@party/testing';
import postgres from 'postgres';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDatabase, runMigrations } from '../src';

const journal = JSON.parse(
  readFileSync(fileURLToPath(new URL('../drizzle/meta/_journal.json', import.meta.url)), 'utf8'),
) as { entries: unknown[] };

const serverUrl = inject('postgresUrl');
const name = `migrate_${randomBytes(6).toString('hex')}`;
const maintenance = postgres(serverUrl, { max: 1, onnotice: () => {} });
await maintenance.unsafe(`CREATE DATABASE ${name}`);
const url = new URL(serverUrl);
url.pathname = `/${name}`;
// Four pools stand for four server processes starting at the same moment.
const processes = Array.from({ length: 4 }, () => createDatabase(url.toString(), { max: 2 }));
afterAll(async () => {
  for (const handle of processes) await handle.close();
  await maintenance.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await maintenance.end();
});

describe('runMigrations', () => {
  it('applies each migration once when several processes run it on an empty database at the same moment', async () => {
    await Promise.all(processes.map((handle) => runMigrations(handle)));
    const [first] = processes;
    if (!first) throw new Error('no pool');
    const [row] = await first.sql<{ runs: number; distinct: number }[]>`
      select count(*)::int as runs, count(distinct hash)::int as distinct from drizzle.__drizzle_migrations`;
    expect(row).toEqual({ runs: journal.entries.length, distinct: journal.entries.length });
    // And again on every start: nothing left to do.
    await Promise.all(processes.map((handle) => runMigrations(handle)));
    const [again] = await first.sql<
      { runs: number }[]
    >`select count(*)::int as runs from drizzle.__drizzle_migrations`;
    expect(again?.runs).toBe(journal.entries.length);
  });

  it('refuses a pool of one connection, which would wait for itself', async () => {
    const single = createDatabase(url.toString(), { max: 1 });
    await expect(runMigrations(single)).rejects.toThrow(/at least two connections/);
    await single.close();
  });
});
