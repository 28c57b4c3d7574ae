import path from 'node:path';
import type { RunningPostgres } from '@party/db/embedded';
import type { S3Config } from '@party/storage';
import type { RunningS3Emulator } from '@party/storage/emulator';
import type { Env } from '../env';

export interface BackingServices {
  databaseUrl: string;
  s3: S3Config;
  /** True when PostgreSQL was started here (the embedded defaults): demo accounts are seeded then. */
  embeddedDatabase: boolean;
  stop(): Promise<void>;
}

const EMULATOR_BUCKET = 'party-media';

/** The configured S3, or the local emulator (data under DATA_DIR) when no S3_ENDPOINT is set. */
export async function startS3Service(
  env: Env,
  options: { corsOrigins: string[]; log: (message: string) => void },
): Promise<{ s3: S3Config; emulator: boolean; stop(): Promise<void> }> {
  if (env.S3_ENDPOINT && env.S3_BUCKET && env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY) {
    const s3 = {
      endpoint: env.S3_ENDPOINT,
      region: env.S3_REGION,
      bucket: env.S3_BUCKET,
      accessKeyId: env.S3_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY,
    };
    return { s3, emulator: false, stop: async () => {} };
  }
  // Imported only when used, so a configured production server never loads the stand-in.
  const { startS3Emulator } = await import('@party/storage/emulator');
  const emulator: RunningS3Emulator = await startS3Emulator({
    directory: path.join(env.DATA_DIR, 's3'),
    bucket: EMULATOR_BUCKET,
    corsOrigins: options.corsOrigins,
    silent: true,
  });
  options.log(`local S3 emulator at ${emulator.config.endpoint} (bucket ${EMULATOR_BUCKET})`);
  return { s3: emulator.config, emulator: true, stop: () => emulator.stop() };
}

/**
 * Connects to the configured PostgreSQL and S3, or starts local stand-ins where none is configured:
 * embedded PostgreSQL for a missing DATABASE_URL, the S3 emulator for a missing S3_ENDPOINT.
 * Both keep their data under DATA_DIR, so the app survives restarts.
 */
export async function startBackingServices(
  env: Env,
  options: { corsOrigins: string[]; log: (message: string) => void },
): Promise<BackingServices> {
  let postgres: RunningPostgres | undefined;
  let storage: Awaited<ReturnType<typeof startS3Service>> | undefined;
  const stop = async () => {
    await storage?.stop();
    await postgres?.stop();
  };
  try {
    let databaseUrl = env.DATABASE_URL;
    if (!databaseUrl) {
      // Imported only when used, so a configured production server never loads the stand-ins.
      const { startEmbeddedPostgres } = await import('@party/db/embedded');
      postgres = await startEmbeddedPostgres({ dataDir: path.join(env.DATA_DIR, 'postgres') });
      options.log(`embedded PostgreSQL on 127.0.0.1:${postgres.port} (data in ${postgres.dataDir})`);
      databaseUrl = postgres.url;
    }
    storage = await startS3Service(env, options);
    return { databaseUrl, s3: storage.s3, embeddedDatabase: postgres !== undefined, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
