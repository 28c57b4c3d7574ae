import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
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

/**
 * The configured S3, or a local stand-in when no S3_ENDPOINT is set: the emulator (data under
 * DATA_DIR), or with DEV_S3=rgw a throw-away Ceph RADOS Gateway.
 */
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
  if (env.DEV_S3 === 'rgw') {
    const { startRadosGateway } = await loadStandIn(
      'S3_ENDPOINT',
      () => import('@party/dev-services/radosgw'),
    );
    const gateway = await startRadosGateway({ bucket: EMULATOR_BUCKET, corsOrigins: options.corsOrigins });
    options.log(
      `local Ceph RADOS Gateway at ${gateway.config.endpoint} (bucket ${EMULATOR_BUCKET}, started in ` +
        `${(gateway.startedInMs / 1000).toFixed(1)} s; its objects live in memory and are gone when the server stops)`,
    );
    // A real S3 implementation, so the doctor does not flag its checks as unproven.
    return { s3: gateway.config, emulator: false, stop: () => gateway.stop() };
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
 * Both keep their data under DATA_DIR, so the app survives restarts; with DEV_S3=rgw both are
 * throw-away instead (the gateway's objects live in memory).
 */
export async function startBackingServices(
  env: Env,
  options: { corsOrigins: string[]; log: (message: string) => void },
): Promise<BackingServices> {
  let postgres: RunningPostgres | undefined;
  let storage: Awaited<ReturnType<typeof startS3Service>> | undefined;
  // The gateway keeps its objects in memory: a database that outlived them would point at
  // nothing, so with DEV_S3=rgw the embedded database is thrown away with it.
  const throwAway = env.DEV_S3 === 'rgw' && !env.S3_ENDPOINT;
  let throwAwayDir: string | undefined;
  const stop = async () => {
    await storage?.stop();
    await postgres?.stop();
    if (throwAwayDir) {
      // As root the cluster may live elsewhere (a directory the postgres user can enter).
      if (postgres) await rm(postgres.dataDir, { recursive: true, force: true });
      await rm(throwAwayDir, { recursive: true, force: true });
    }
  };
  try {
    let databaseUrl = env.DATABASE_URL;
    if (!databaseUrl) {
      const { startEmbeddedPostgres } = await loadStandIn(
        'DATABASE_URL',
        () => import('@party/dev-services/postgres'),
      );
      if (throwAway) throwAwayDir = await mkdtemp(path.join(tmpdir(), 'party-rgw-postgres-'));
      postgres = await startEmbeddedPostgres({
        dataDir: throwAwayDir ? path.join(throwAwayDir, 'postgres') : path.join(env.DATA_DIR, 'postgres'),
      });
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
