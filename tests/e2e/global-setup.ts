import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServerProcess } from '@party/testing/server-process';
import type { TestProject } from 'vitest/node';
import './provided-context';

const DEMO_PASSWORD = 'e2e-demo-password-1';
/** The ticketing backend's webhook secret (integration.e2e.test.ts signs deliveries with it). */
const TICKETING_WEBHOOK_SECRET = `whsec_${Buffer.alloc(32, 42).toString('base64')}`;

/**
 * Starts the real server on the embedded defaults (fresh data directory, demo accounts) serving
 * the built SPAs, exactly as `npm start` does, for the browser tests.
 */
export default async function setup(project: TestProject) {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'party-e2e-'));
  // Readable by the `postgres` user that embedded PostgreSQL runs as under root, so its cluster
  // stays inside this directory (and is removed with it).
  await chmod(dataDir, 0o755);
  // Seconds the server's share-link clock runs ahead: a test writes it to expire a link at once.
  const clockOffsetFile = path.join(dataDir, 'clock-offset');
  await writeFile(clockOffsetFile, '0');
  const server = await startServerProcess({
    inherit: process.env,
    dataDir,
    env: {
      DEMO_PASSWORD,
      // Every browser test signs in from 127.0.0.1; the limit itself is covered by integration tests.
      SIGN_IN_RATE_LIMIT: '1000',
      TEST_CLOCK_OFFSET_FILE: clockOffsetFile,
      TICKETING_WEBHOOK_SECRET,
    },
  });
  project.provide('baseUrl', server.url);
  project.provide('port', server.port);
  project.provide('demoPassword', DEMO_PASSWORD);
  project.provide('clockOffsetFile', clockOffsetFile);
  project.provide('webhookSecret', TICKETING_WEBHOOK_SECRET);

  return async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
