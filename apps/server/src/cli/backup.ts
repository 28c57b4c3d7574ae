/**
 * `pnpm run backup [-- --dir <folder>]`: a consistent PostgreSQL dump plus an inventory of the
 * bucket (keys, sizes, ETags) into `<DATA_DIR>/backups/<UTC time>/` or `--dir`. Uses DATABASE_URL
 * and S3_* (the embedded stand-ins under DATA_DIR when unset; stop the server first then).
 * README, Backups and restore.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDatabase, postgresVersion } from '@party/db';
import { createS3Client } from '@party/storage';
import { writeBackup } from '../backup/backup';
import { ConfigError, loadEnv } from '../env';
import { startBackingServices } from '../services/backing-services';

async function run() {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
    options: { dir: { type: 'string' } },
  });
  const env = loadEnv();
  const services = await startBackingServices(env, {
    corsOrigins: [],
    log: (m) => process.stderr.write(`${m}\n`),
  });
  const database = createDatabase(services.databaseUrl, { max: 1 });
  const s3 = createS3Client(services.s3);
  try {
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
  } finally {
    s3.destroy();
    await database.close();
    await services.stop();
  }
}

run().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError ? error.message : `Backup failed: ${error instanceof Error ? error.message : String(error)}`}\n`,
  );
  process.exit(1);
});
