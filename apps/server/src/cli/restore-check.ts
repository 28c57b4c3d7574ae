/**
 * `pnpm run restore-check`: after restoring a dump, compares the database (DATABASE_URL) with the
 * bucket (S3_*): rows whose objects are missing and objects no row owns. Removes nothing. Prints
 * a JSON report; exits 0 when both lists are empty, 2 when not, 1 when the check could not run.
 * README, Backups and restore.
 */
import { sweepOrphans } from '../worker/processors/sweep-orphans';
import { runWithStorage } from './with-storage';

runWithStorage('Restore check failed', async ({ services, database, s3 }) => {
  // The storage sweep's comparison, as a dry run: nothing is deleted, whatever its age.
  const report = await sweepOrphans(
    {
      db: database.db,
      s3,
      bucket: services.s3.bucket,
      log: { info: () => {}, warn: () => {}, error: () => {} },
    },
    { dryRun: true },
  );
  const summary = {
    rowsWithoutObjects: report.missing,
    objectsWithoutRows: report.orphans.map(({ key, size }) => ({ key, size })),
  };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
  const clean = report.missing.length === 0 && report.orphans.length === 0;
  process.stderr.write(
    clean
      ? 'Restore check: every row has its objects and every object a row.\n'
      : `Restore check: ${report.missing.length} row object(s) missing, ${report.orphans.length} object(s) without a row.\n`,
  );
  process.exitCode = clean ? 0 : 2;
});
