import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startS3Emulator } from '@party/dev-services/s3-emulator';
import { type JobQueue, type RunningJobQueue, startJobQueue } from '@party/jobs';
import { createS3Client } from '@party/storage';
import { afterAll } from 'vitest';

/** A real S3 emulator for the calling test file (own directory and port), stopped after its tests. */
export async function useS3Emulator(options: { corsOrigins?: string[] } = {}) {
  const dir = await mkdtemp(path.join(tmpdir(), 'party-s3-'));
  const emulator = await startS3Emulator({
    directory: dir,
    bucket: 'test-media',
    corsOrigins: options.corsOrigins,
  });
  const client = createS3Client(emulator.config);
  afterAll(async () => {
    client.destroy();
    await emulator.stop();
    await rm(dir, { recursive: true, force: true });
  });
  return { config: emulator.config, client, bucket: emulator.config.bucket, stop: emulator.stop };
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
