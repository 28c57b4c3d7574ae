/**
 * `pnpm run backup [-- --dir <folder>]`: a consistent PostgreSQL dump plus an inventory of the
 * bucket (keys, sizes, ETags) into `<DATA_DIR>/backups/<UTC time>/` or `--dir`. Uses DATABASE_URL
 * and S3_* (the embedded stand-ins under DATA_DIR when unset; stop the server first then).
 * README, Backups and restore.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { postgresVersion } from '@party/db';
import { writeBackup } from '../backup/backup';
import { runWithStorage } from './with-storage';

runWithStorage('Backup failed', async ({ env, services, database, s3 }) => {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
    options: { dir: { type: 'string' } },
  });
  const serverMajor = Number((await postgresVersion(database.db)).split('.')[0]);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = path.resolve(values.dir ?? path.join(env.DATA_DIR, 'backups', stamp));
  const result = await writeBackup({
    databaseUrl: services.databaseUrl,
    serverMajor,
    s3,
    bucket: services.s3.bucket,
    dir,
    pgDump: env.PG_DUMP,
  });
  process.stdout.write(
    `Backup written to ${result.dir}\n  database.dump          ${result.dumpBytes} bytes\n` +
      `  bucket-inventory.jsonl ${result.objects} objects, ${result.objectBytes} bytes\n`,
  );
});
