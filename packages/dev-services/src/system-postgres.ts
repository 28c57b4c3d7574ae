import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, readdirSync } from 'node:fs';
import { chmod, chown, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { freePort, type RunningPostgres } from './embedded-postgres';

const run = promisify(execFile);

/** Where Debian's `postgresql` package puts each major version's programs. */
const DEBIAN_PREFIX = '/usr/lib/postgresql';
const USER = 'postgres';
// Loopback only and thrown away with the directory: no secret worth protecting.
const PASSWORD = 'postgres';
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 20_000;

export interface SystemPostgresOptions {
  /** A directory of its own (created); the cluster goes to `<dir>/data`, the socket to `<dir>`. */
  dir: string;
  /** 0 or unset picks a free loopback port. */
  port?: number;
}

/** The `bin` directory of the newest PostgreSQL installed from Debian's packages, if any. */
export function systemPostgresBin(): string | undefined {
  if (!existsSync(DEBIAN_PREFIX)) return undefined;
  const versions = readdirSync(DEBIAN_PREFIX)
    .filter((name) => /^\d+$/.test(name) && existsSync(path.join(DEBIAN_PREFIX, name, 'bin', 'postgres')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(DEBIAN_PREFIX, versions[0], 'bin') : undefined;
}

/**
 * Starts a PostgreSQL server from the operating system's packages (Debian's `postgresql`) the way an
 * operator runs one: `initdb`, then `postgres` as an ordinary server process on a loopback port
 * with password authentication over TCP. For tests that must not lean on the embedded npm build.
 *
 * PostgreSQL refuses to run as root, so as root both programs run as the `postgres` OS user that
 * the package creates (through `setpriv`, which execs: the child is the postmaster itself).
 * `dir` and its parents must be traversable by that user.
 */
export async function startSystemPostgres(options: SystemPostgresOptions): Promise<RunningPostgres> {
  const bin = systemPostgresBin();
  if (!bin) throw new Error(`No PostgreSQL under ${DEBIAN_PREFIX} (apt-get install postgresql)`);
  const dir = path.resolve(options.dir);
  const dataDir = path.join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const asServerUser = (command: string, args: string[]): [string, string[]] =>
    asRoot
      ? ['setpriv', ['--reuid', USER, '--regid', USER, '--init-groups', '--', command, ...args]]
      : [command, args];

  await mkdir(dir, { recursive: true });
  const pwfile = path.join(dir, 'pwfile');
  await writeFile(pwfile, `${PASSWORD}\n`, { mode: 0o600 });
  if (asRoot) {
    const { stdout } = await run('id', ['-u', USER]).catch(() => {
      throw new Error(`As root, PostgreSQL needs the OS user ${USER} (created by the postgresql package)`);
    });
    const uid = Number(stdout.trim());
    const { stdout: gidOut } = await run('id', ['-g', USER]);
    await chmod(dir, 0o755);
    await chown(dir, uid, Number(gidOut.trim()));
    await chown(pwfile, uid, Number(gidOut.trim()));
  }

  const [initdb, initArgs] = asServerUser(path.join(bin, 'initdb'), [
    '--pgdata',
    dataDir,
    '--username',
    USER,
    `--pwfile=${pwfile}`,
    '--auth-local=trust',
    '--auth-host=scram-sha-256',
    '--encoding=UTF8',
    '--locale=C',
    // A throw-away cluster: no need to wait for its files to reach the disk.
    '--no-sync',
  ]);
  try {
    await run(initdb, initArgs, { cwd: dir });
  } catch (error) {
    throw new Error(`initdb failed in ${dataDir}: ${(error as { stderr?: string }).stderr ?? error}`);
  }

  const port = options.port || (await freePort());
  const [postgres, serverArgs] = asServerUser(path.join(bin, 'postgres'), [
    '-D',
    dataDir,
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
  ]);
  const child = spawn(postgres, serverArgs, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const append = (data: Buffer) => {
    output = (output + data.toString()).slice(-10_000);
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const stop = () => stopServer(child);
  try {
    await waitForReady(child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  const urlFor = (database: string) =>
    `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  return { url: urlFor('postgres'), port, dataDir, urlFor, stop };
}

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

async function waitForReady(child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited(child)) throw new Error(`PostgreSQL exited early:\n${output()}`);
    if (output().includes('database system is ready to accept connections')) return;
    await sleep(100);
  }
  throw new Error(`PostgreSQL did not become ready in ${READY_TIMEOUT_MS / 1000} s:\n${output()}`);
}

/** Fast shutdown (SIGINT: running sessions are ended), SIGKILL if it hangs. Safe to call twice. */
async function stopServer(child: ChildProcess): Promise<void> {
  if (exited(child)) return;
  const exit = once(child, 'exit');
  child.kill('SIGINT');
  const kill = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exit;
  clearTimeout(kill);
}
