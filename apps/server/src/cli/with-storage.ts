import type { S3Client } from '@aws-sdk/client-s3';
import { createDatabase } from '@party/db';
import { createS3Client } from '@party/storage';
import { ConfigError, type Env, loadEnv } from '../env';
import { type BackingServices, startBackingServices } from '../services/backing-services';

export interface Storage {
  env: Env;
  services: BackingServices;
  database: ReturnType<typeof createDatabase>;
  s3: S3Client;
}

/**
 * Runs an operator command against the configured database and bucket (the embedded stand-ins under
 * DATA_DIR when unset), closes everything afterwards, and turns a failure into one sentence on
 * stderr and exit code 1.
 */
export function runWithStorage(failure: string, command: (storage: Storage) => Promise<void>): void {
  const run = async () => {
    const env = loadEnv();
    const services = await startBackingServices(env, {
      corsOrigins: [],
      log: (message) => process.stderr.write(`${message}\n`),
    });
    const database = createDatabase(services.databaseUrl, { max: 2 });
    const s3 = createS3Client(services.s3);
    try {
      await command({ env, services, database, s3 });
    } finally {
      s3.destroy();
      await database.close();
      await services.stop();
    }
  };
  run().catch((error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${error instanceof ConfigError ? reason : `${failure}: ${reason}`}\n`);
    process.exit(1);
  });
}
