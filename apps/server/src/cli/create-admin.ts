/**
 * Creates an admin account without an invite: how the first admin of a fresh installation is made.
 *
 *   pnpm --filter @party/server admin:create --email you@example.org --name "Your Name"
 *
 * The password is read from ADMIN_PASSWORD or asked for on the terminal. Uses DATABASE_URL, or
 * the embedded PostgreSQL under DATA_DIR when it is unset (stop the server first in that case).
 */

import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { createAuth, createUserWithPassword } from '@party/api/auth';
import { createDatabase, runMigrations } from '@party/db';
import { ConfigError, loadEnv } from '../env';
import { CLIENT_IP_HEADER } from '../routes/auth';
import { loadStandIn } from '../services/backing-services';
import { localSecret } from '../services/local-secret';

async function askPassword(): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  try {
    return await rl.question('Password (at least 10 characters): ');
  } finally {
    rl.close();
  }
}

async function run() {
  const { values } = parseArgs({
    // `pnpm run x -- --email …` hands the separator on; the options after it are still meant.
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
    options: { email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' } },
  });
  if (!values.email) throw new Error('Give the new admin an address: --email you@example.org');
  const env = loadEnv();
  const password = values.password ?? env.ADMIN_PASSWORD ?? (await askPassword());
  if (password.length < 10) throw new Error('The password needs at least 10 characters.');

  const embedded = env.DATABASE_URL
    ? undefined
    : await loadStandIn('DATABASE_URL', () => import('@party/dev-services/postgres')).then(
        ({ startEmbeddedPostgres }) =>
          startEmbeddedPostgres({ dataDir: path.join(env.DATA_DIR, 'postgres') }),
      );
  const database = createDatabase(env.DATABASE_URL ?? embedded?.url ?? '', { max: 2 });
  try {
    await runMigrations(database);
    const auth = createAuth({
      db: database.db,
      secret: env.BETTER_AUTH_SECRET ?? (await localSecret(env.DATA_DIR, 'auth-secret')),
      baseURL: env.PUBLIC_URL ?? `http://localhost:${env.PORT}`,
      trustedOrigins: [],
      clientIpHeader: CLIENT_IP_HEADER,
    });
    const user = await createUserWithPassword(auth, {
      email: values.email,
      name: values.name ?? values.email.split('@')[0] ?? 'Admin',
      password,
      role: 'admin',
    });
    process.stdout.write(`Admin ${values.email.toLowerCase()} created (id ${user.id}).\n`);
  } finally {
    await database.close();
    await embedded?.stop();
  }
}

run().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
