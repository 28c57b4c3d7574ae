import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The major version in `pg_dump --version` output ("pg_dump (PostgreSQL) 15.18 (Debian …)" → 15). */
export function pgDumpMajor(versionOutput: string): number | null {
  const match = /\(PostgreSQL\)\s+(\d+)/.exec(versionOutput);
  return match?.[1] ? Number(match[1]) : null;
}

/**
 * A pg_dump that can dump a server of this major version (pg_dump refuses servers newer than
 * itself): `PG_DUMP` if set, else Debian's `/usr/lib/postgresql/<major>/bin/pg_dump` (newest
 * first), else `pg_dump` on the PATH. The same directory holds the matching pg_restore.
 */
export async function findPgDump(
  serverMajor: number,
  options: { explicit?: string; debianRoot?: string } = {},
): Promise<{ pgDump: string; pgRestore: string; major: number }> {
  const candidates: string[] = [];
  if (options.explicit) candidates.push(options.explicit);
  const root = options.debianRoot ?? '/usr/lib/postgresql';
  const majors = await readdir(root).catch(() => [] as string[]);
  for (const major of majors.filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a))) {
    candidates.push(`${root}/${major}/bin/pg_dump`);
  }
  candidates.push('pg_dump');
  const seen: string[] = [];
  for (const candidate of candidates) {
    const version = await run(candidate, ['--version']).then(
      (result) => result.stdout,
      () => null,
    );
    if (version === null) continue;
    const major = pgDumpMajor(version);
    seen.push(`${candidate} (${major ?? 'unknown version'})`);
    if (major !== null && major >= serverMajor) {
      return { pgDump: candidate, pgRestore: candidate.replace(/pg_dump$/, 'pg_restore'), major };
    }
  }
  throw new Error(
    `No pg_dump for PostgreSQL ${serverMajor} found (pg_dump refuses servers newer than itself). ` +
      (seen.length > 0 ? `Found: ${seen.join(', ')}. ` : 'Found none. ') +
      `Install postgresql-client-${serverMajor} or set PG_DUMP to its pg_dump.`,
  );
}
