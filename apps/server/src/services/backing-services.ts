import path from 'node:path';
import type { RunningPostgres } from '@party/dev-services/postgres';
import type { RunningS3Emulator } from '@party/dev-services/s3-emulator';
import type { S3Config } from '@party/storage';
import { ConfigError, type Env } from '../env';

export interface BackingServices {
  databaseUrl: string;
  s3: S3Config;
  /** True when PostgreSQL was started here (the embedded defaults): demo accounts are seeded then. */
  embeddedDatabase: boolean;
  stop(): Promise<void>;
}

const EMULATOR_BUCKET = 'party-media';

/**
 * Loads a development stand-in. They live in `@party/dev-services`, a development dependency, so
 * a server configured with real services never loads them and a production install leaves them out.
 */
export async function loadStandIn<T>(variable: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if ((error as { code?: string })?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new ConfigError(
      `${variable} is not set and the development stand-ins (@party/dev-services) are not installed: ` +
        `set ${variable}, or install the development dependencies.`,
      { cause: error },
    );
  }
}

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
  const { startS3Emulator } = await loadStandIn(
    'S3_ENDPOINT',
    () => import('@party/dev-services/s3-emulator'),
  );
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
      const { startEmbeddedPostgres } = await loadStandIn(
        'DATABASE_URL',
        () => import('@party/dev-services/postgres'),
      );
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
