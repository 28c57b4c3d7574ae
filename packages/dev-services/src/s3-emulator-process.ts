import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { S3Config } from '@party/storage';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MAIN = fileURLToPath(new URL('./s3-emulator-main.ts', import.meta.url));
const READY_TIMEOUT_MS = 60_000;

export interface S3EmulatorProcess {
  config: S3Config;
  pid: number;
  /** SIGTERM and wait for the exit. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Starts the S3 emulator (`s3-emulator-main.ts`) as a child process and resolves with its config
 * once its bucket answers: S3 as a separate service, as the server sees one in production.
 */
export async function startS3EmulatorProcess(options: {
  directory: string;
  bucket: string;
  port?: number;
}): Promise<S3EmulatorProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      MAIN,
      `--dir=${options.directory}`,
      `--bucket=${options.bucket}`,
      `--port=${options.port ?? 0}`,
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exit = once(child, 'exit');
    child.kill('SIGTERM');
    await exit;
  };
  const config = await new Promise<S3Config>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`the S3 emulator did not start in ${READY_TIMEOUT_MS / 1000} s:\n${output}`)),
      READY_TIMEOUT_MS,
    );
    child.stderr.on('data', (data: Buffer) => {
      output += data.toString();
    });
    let stdout = '';
    child.stdout.on('data', (data: Buffer) => {
      output += data.toString();
      stdout += data.toString();
      // Complete lines only: the last piece may still be on its way.
      const line = stdout
        .split('\n')
        .slice(0, -1)
        .find((candidate) => candidate.startsWith('{'));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line) as S3Config);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the S3 emulator exited (${code}):\n${output}`));
    });
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  const { pid } = child;
  if (pid === undefined) throw new Error('the S3 emulator process has no pid');
  return { config, pid, stop };
}
