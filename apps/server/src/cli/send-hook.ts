/**
 * Signs a JSON file as the ticketing backend would and posts it to `/hooks/ticketing`: for trying
 * the integration by hand (README, Connecting the ticketing backend → Webhooks).
 *
 *   TICKETING_WEBHOOK_SECRET=whsec_... pnpm --filter @party/server hooks:send "$PWD/message.json" [--url http://localhost:3000] [--id msg_1]
 *
 * Prints the answer's status and sentence; exits 1 unless the answer is 2xx.
 */

import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Webhook } from 'standardwebhooks';
import { ConfigError, loadEnv, publicUrlOf } from '../env';

async function run(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { url: { type: 'string' }, id: { type: 'string' } },
  });
  const file = positionals[0];
  if (!file) {
    process.stderr.write('Usage: hooks:send <message.json> [--url http://localhost:3000] [--id msg_1]\n');
    return 2;
  }
  const env = loadEnv();
  if (!env.TICKETING_WEBHOOK_SECRET) {
    process.stderr.write('Set TICKETING_WEBHOOK_SECRET to the secret the server uses.\n');
    return 2;
  }
  // pnpm --filter runs the script in apps/server: give the file as an absolute path ("$PWD/…").
  const body = await readFile(path.resolve(file), 'utf8');
  const id = values.id ?? `msg_${randomUUID()}`;
  const now = new Date();
  const signature = new Webhook(env.TICKETING_WEBHOOK_SECRET).sign(id, now, body);
  const url = new URL('/hooks/ticketing', values.url ?? publicUrlOf(env));
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
      'webhook-signature': signature,
    },
    body,
  });
  process.stdout.write(`${response.status} ${await response.text()}\n`);
  return response.ok ? 0 : 1;
}

run().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
