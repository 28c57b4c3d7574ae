import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from '@party/dev-services/postgres';
import type { S3Config } from '@party/storage';

export { freePort };

/** apps/server: where the server and its CLIs (`src/cli/*.ts`) run from. */
export const SERVER_DIR = fileURLToPath(new URL('../../../apps/server', import.meta.url));

const READY_TIMEOUT_MS = 120_000;
const KILL_AFTER_MS = 20_000;
const OUTPUT_LIMIT = 20_000;

export interface ServerProcessOptions {
  /** The environment the server inherits, usually the caller's own (this module reads none itself). */
  inherit: NodeJS.ProcessEnv;
  /** Settings on top of it (ROLE, DEMO_PASSWORD, ...); NODE_ENV=development and LOG_LEVEL=warn unless set here. */
  env?: Record<string, string>;
  /** DATA_DIR, which must exist. An embedded PostgreSQL started by the server keeps its cluster in it. */
  dataDir: string;
  /** The bucket to use (S3_* variables) instead of the emulator the server would start itself. */
  s3?: S3Config;
  /** PORT; a free loopback port when unset. */
  port?: number;
  /** How `url` names the server (it listens on localhost, both 127.0.0.1 and ::1); `localhost` by default. */
  hostname?: string;
  /**
   * When it counts as started: `http` once `/readyz` answers (default); `worker` once a ROLE=worker
   * process has logged that its worker runs (such a process serves no HTTP).
   */
  readyWhen?: 'http' | 'worker';
}

export interface ServerProcess {
  url: string;
  port: number;
  /** The process that serves (node itself, no wrapper), e.g. for reading its memory in /proc. */
  pid: number;
  /** The environment it runs with, for running the server's CLIs against the same services. */
  env: NodeJS.ProcessEnv;
  /** The last 20,000 characters of its stdout and stderr. */
  output(): string;
  /**
   * SIGTERM, SIGKILL after 20 s; then stops an embedded PostgreSQL that a kill left running.
   * Safe to call more than once.
   */
  stop(): Promise<void>;
}

/**
 * Starts the real server as a child process exactly as `npm start` runs it (`node
 * --max-semi-space-size=4 --import tsx src/main.ts` in apps/server) and resolves once `/readyz`
 * answers, for the end-to-end tests and the benchmarks. A server that does not become ready within
 * 120 s is stopped, and the error carries its output.
 */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const readyWhen = options.readyWhen ?? 'http';
  const env: NodeJS.ProcessEnv = {
    ...options.inherit,
    NODE_ENV: 'development',
    // A worker's start is seen in its log only.
    LOG_LEVEL: readyWhen === 'worker' ? 'info' : 'warn',
    ...(options.s3 ? s3Env(options.s3) : {}),
    ...options.env,
    PORT: String(port),
    DATA_DIR: options.dataDir,
  };
  // process.execPath directly (no pnpm or npx wrapper): the child is the process that serves, so
  // SIGTERM reaches it and its pid is the one to measure. The same V8 flags as the start script.
  const child = spawn(process.execPath, ['--max-semi-space-size=4', '--import', 'tsx', 'src/main.ts'], {
    cwd: SERVER_DIR,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const append = (data: Buffer) => {
    output = (output + data.toString()).slice(-OUTPUT_LIMIT);
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const url = `http://${options.hostname ?? 'localhost'}:${port}`;
  const stop = () => stopServer(child, options.dataDir);
  try {
    if (readyWhen === 'http') await waitUntilReady(url, child, () => output);
    else await waitForOutput(child, () => output, '"msg":"worker started"');
  } catch (error) {
    await stop();
    throw error;
  }
  const { pid } = child;
  if (pid === undefined) throw new Error('the server process has no pid');
  return { url, port, pid, env, output: () => output, stop };
}

/**
 * Runs one of the server's command-line tools (`src/cli/<name>.ts`, e.g. `create-admin`) in
 * apps/server exactly as its pnpm script does, and resolves with its stdout; a failure carries stderr.
 */
export async function runServerCli(name: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', `src/cli/${name}.ts`, ...args],
      { cwd: SERVER_DIR, env },
    );
    return stdout;
  } catch (error) {
    throw new Error(`${name} failed: ${(error as { stderr?: string }).stderr ?? String(error)}`);
  }
}

/** The S3_* variables that point the server at `config`. */
export function s3Env(config: S3Config): Record<string, string> {
  return {
    S3_ENDPOINT: config.endpoint,
    S3_REGION: config.region,
    S3_BUCKET: config.bucket,
    S3_ACCESS_KEY_ID: config.accessKeyId,
    S3_SECRET_ACCESS_KEY: config.secretAccessKey,
  };
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

async function waitUntilReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited(child)) throw new Error(`server exited early:\n${output()}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`server did not become ready in ${READY_TIMEOUT_MS / 1000} s:\n${output()}`);
}

async function waitForOutput(child: ChildProcess, output: () => string, text: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited(child)) throw new Error(`server exited early:\n${output()}`);
    if (output().includes(text)) return;
    await sleep(250);
  }
  throw new Error(`server did not log ${text} in ${READY_TIMEOUT_MS / 1000} s:\n${output()}`);
}

async function stopServer(child: ChildProcess, dataDir: string): Promise<void> {
  if (!exited(child)) {
    const exit = once(child, 'exit');
    child.kill('SIGTERM');
    const kill = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
    await exit;
    clearTimeout(kill);
  }
  // A clean shutdown removes postmaster.pid; one left behind names a postmaster still running.
  const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!(pid > 0)) return;
  try {
    process.kill(pid, 'SIGINT'); // fast shutdown
    for (let i = 0; i < 100 && existsSync(pidFile); i++) await sleep(100);
  } catch {
    // already gone
  }
}
