import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { radosGatewayInstalled, startRadosGateway } from '@party/dev-services/radosgw';
import { startS3Emulator } from '@party/dev-services/s3-emulator';
import { type JobQueue, type RunningJobQueue, startJobQueue } from '@party/jobs';
import { createS3Client, type S3Config } from '@party/storage';
import { afterAll } from 'vitest';
import { IN_CI } from './env';

/** The S3 services the integration tests run against: the portable emulator and a real RADOS Gateway. */
export type S3Backend = 'emulator' | 'gateway';

/** A started S3 service with a client and its bucket; `stop()` also removes its data. */
export interface TestS3 {
  backend: S3Backend;
  config: S3Config;
  client: ReturnType<typeof createS3Client>;
  bucket: string;
  stop(): Promise<void>;
}

/**
 * Why the gateway tests cannot run on this machine, or undefined when they can. In CI (`CI=true`)
 * never a reason: there a missing gateway fails the run (scripts/run-tests.mjs) instead of
 * skipping tests silently.
 */
export function gatewaySkipReason(): string | undefined {
  if (radosGatewayInstalled() || IN_CI) return undefined;
  return 'radosgw is not installed; npm test installs it from apt as root';
}

/** Both backends, for `describe.each`-style tables; a backend that cannot run here says why in its title. */
export const S3_BACKENDS: ReadonlyArray<{ backend: S3Backend; title: string; skip: string | undefined }> = [
  { backend: 'emulator', title: 'the S3 emulator', skip: undefined },
  (() => {
    const skip = gatewaySkipReason();
    return {
      backend: 'gateway' as const,
      title: skip ? `the RADOS Gateway (skipped: ${skip})` : 'the RADOS Gateway',
      skip,
    };
  })(),
];

/** Starts one S3 backend with its bucket (`test-media`); the caller stops it. */
export async function startTestS3(
  backend: S3Backend,
  options: { corsOrigins?: string[] } = {},
): Promise<TestS3> {
  let config: S3Config;
  let stopService: () => Promise<void>;
  if (backend === 'gateway') {
    const gateway = await startRadosGateway({ bucket: 'test-media', corsOrigins: options.corsOrigins });
    config = gateway.config;
    stopService = gateway.stop;
  } else {
    const dir = await mkdtemp(path.join(tmpdir(), 'party-s3-'));
    const emulator = await startS3Emulator({
      directory: dir,
      bucket: 'test-media',
      corsOrigins: options.corsOrigins,
    });
    config = emulator.config;
    stopService = async () => {
      await emulator.stop();
      await rm(dir, { recursive: true, force: true });
    };
  }
  const client = createS3Client(config);
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      client.destroy();
      await stopService();
    })();
    return stopped;
  };
  return { backend, config, client, bucket: config.bucket, stop };
}

/** An S3 backend for the calling test file (own data and port), stopped after its tests. */
export async function useTestS3(backend: S3Backend, options: { corsOrigins?: string[] } = {}) {
  const s3 = await startTestS3(backend, options);
  afterAll(() => s3.stop());
  return s3;
}

/** A real S3 emulator for the calling test file (own directory and port), stopped after its tests. */
export function useS3Emulator(options: { corsOrigins?: string[] } = {}) {
  return useTestS3('emulator', options);
}

/** pg-boss on the test file's database; stopped after its tests. */
export async function useJobQueue(databaseUrl: string): Promise<RunningJobQueue> {
  const running = await startJobQueue({
    databaseUrl,
    log: { warn: () => {}, error: (details, message) => console.error(message, details) },
  });
  afterAll(() => running.stop(5_000));
  return running;
}

/** A queue that only records what was sent, for tests about procedures rather than workers. */
export function recordingJobQueue(): JobQueue & { sent: Array<{ name: string; payload: unknown }> } {
  const sent: Array<{ name: string; payload: unknown }> = [];
  return {
    sent,
    async send(name, payload) {
      sent.push({ name, payload });
    },
  };
}
