import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import type { S3Client } from '@aws-sdk/client-s3';
import { createAuth, type SignInPolicy } from '@party/api/auth';
import { createDatabase } from '@party/db';
import { mediaTokenKey, type S3Config } from '@party/storage';
import { type S3Backend, useJobQueue, useTestDatabase, useTestS3 } from '@party/testing';
import { afterAll } from 'vitest';
import { buildApp, type DeliveryConfig } from '../src/app';
import { seedDemoAccounts } from '../src/demo-accounts';
import { createLogger, type Logger } from '../src/logger';
import { createMetrics } from '../src/metrics/metrics';
import { CLIENT_IP_HEADER } from '../src/routes/auth';
import { LiveEncoder, type LiveEncoderOptions } from '../src/uploads/live/live-encoder';
import { PgAdvisoryLocker } from '../src/uploads/pg-advisory-locker';
import { createTusServer } from '../src/uploads/tus-server';
import type { UploadLimits } from '../src/uploads/upload-rules';

export const PUBLIC_URL = 'http://localhost:3000';
export const DEMO_PASSWORD = 'demo-password-123';
const AUTH_SECRET = 'integration-secret-integration-secret';

/**
 * The whole HTTP application for one test file, on real services: a fresh database copy, an S3
 * emulator (or the RADOS Gateway) and pg-boss. Demo admin and member are seeded. No worker runs unless the test starts one.
 */
export async function useTestApp(
  options: {
    spaDir?: string;
    uploadLimits?: Partial<UploadLimits>;
    signInRateLimit?: number;
    /** Behave as with `NODE_ENV=production` (security headers meant for HTTPS). */
    production?: boolean;
    /** Delivery mode and cache; presigned with a throw-away cache directory by default. */
    delivery?: Partial<Omit<DeliveryConfig, 'tokenKey'>>;
    /** The S3 client the app uses (e.g. one that reaches the emulator through a counting proxy). */
    appS3Client?: (emulator: S3Config) => Promise<S3Client>;
    /** The app's logger; silent by default. */
    logger?: Logger;
    /** Sign-in with an OpenID provider and LOCAL_SIGN_IN; local accounts only by default. */
    signIn?: SignInPolicy;
    /** The clock share links expire by (the system clock by default). */
    clock?: () => Date;
    /** The ticketing integration (webhook secret, pull configured); off by default. */
    ticketing?: { webhookSecret: string | null; pull: boolean };
    /** The S3 service behind the app: the emulator (default) or a real RADOS Gateway. */
    s3Backend?: S3Backend;
    /** Browser origins the bucket's CORS rule allows; none by default. */
    s3CorsOrigins?: string[];
    /** `METRICS_TOKEN`: `/metrics` on the app behind this token; unset: off, as by default. */
    metricsToken?: string;
    /** Encoding while uploading, with these options; off by default. */
    live?: Partial<Pick<LiveEncoderOptions, 'maxBacklogBytes' | 'idleMs' | 'spoolDir'>>;
  } = {},
) {
  const { url } = await useTestDatabase();
  const database = createDatabase(url, { max: 5 });
  const s3 = await useTestS3(options.s3Backend ?? 'emulator', { corsOrigins: options.s3CorsOrigins });
  const jobs = await useJobQueue(url);
  const auth = createAuth({
    db: database.db,
    secret: AUTH_SECRET,
    baseURL: PUBLIC_URL,
    trustedOrigins: ['http://127.0.0.1:3000'],
    clientIpHeader: CLIENT_IP_HEADER,
    signInRateLimit: { window: 60, max: options.signInRateLimit ?? 100 },
    signIn: options.signIn,
  });
  await seedDemoAccounts(auth, DEMO_PASSWORD);
  const lockPool = createDatabase(url, { max: 10 });
  let liveDir: string | undefined;
  let live: LiveEncoder | undefined;
  if (options.live) {
    liveDir = await mkdtemp(path.join(tmpdir(), 'party-live-'));
    live = await LiveEncoder.start({
      db: database.db,
      s3: s3.client,
      bucket: s3.bucket,
      jobs: jobs.queue,
      log: { info: () => {}, warn: () => {} },
      spoolDir: path.join(liveDir, 'spool'),
      ...options.live,
    });
  }
  const { server: tus } = createTusServer({
    live,
    locker: new PgAdvisoryLocker(lockPool.sql),
    db: database.db,
    jobs: jobs.queue,
    s3: s3.config,
    maxSize: 2 * 1024 ** 3,
    s3Tagging: false,
    allowedOrigins: [PUBLIC_URL, 'http://127.0.0.1:3000'],
    log: { error: () => {} },
  });
  let spaDirs: { member: string; admin: string } | undefined;
  if (options.spaDir) {
    spaDirs = { member: path.join(options.spaDir, 'member'), admin: path.join(options.spaDir, 'admin') };
    for (const [name, folder] of Object.entries(spaDirs)) {
      await mkdir(path.join(folder, 'assets'), { recursive: true });
      await writeFile(path.join(folder, 'index.html'), `<title>${name} spa</title>`);
      const script = `console.log('${name}')`;
      await writeFile(path.join(folder, 'assets', 'app-1234.js'), script);
      await writeFile(path.join(folder, 'assets', 'app-1234.js.br'), brotliCompressSync(script));
    }
  }
  const cacheDir = await mkdtemp(path.join(tmpdir(), 'party-media-cache-'));
  const delivery: DeliveryConfig = {
    mode: 'presigned',
    cacheDir,
    cacheMaxBytes: 256 * 1024 * 1024,
    ...options.delivery,
    tokenKey: mediaTokenKey(AUTH_SECRET),
  };
  const metrics = createMetrics({ queues: jobs.inspector.queues });
  const app = await buildApp({
    db: database.db,
    sql: database.sql,
    auth,
    s3: options.appS3Client ? await options.appS3Client(s3.config) : s3.client,
    bucket: s3.bucket,
    jobs: jobs.queue,
    tus,
    live,
    uploadLimits: {
      maxImageBytes: 50 * 1024 * 1024,
      maxAudioBytes: 2 * 1024 ** 3,
      concurrentPerAdmin: 3,
      ...options.uploadLimits,
    },
    publicUrl: PUBLIC_URL,
    ticketing: options.ticketing,
    production: options.production ?? false,
    logger: options.logger ?? createLogger('silent'),
    spaDirs,
    delivery,
    clock: options.clock,
    metrics,
    metricsToken: options.metricsToken,
    system: { appVersion: 'test', queues: jobs.inspector },
  });
  afterAll(async () => {
    await app.close();
    await lockPool.close();
    await database.close();
    await rm(cacheDir, { recursive: true, force: true });
    if (liveDir) await rm(liveDir, { recursive: true, force: true });
  });

  async function signIn(email: string, password = DEMO_PASSWORD): Promise<string> {
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      headers: { 'content-type': 'application/json', origin: PUBLIC_URL },
      payload: { email, password },
    });
    if (response.statusCode !== 200)
      throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
    const cookies = response.headers['set-cookie'];
    const first = (Array.isArray(cookies) ? cookies : [cookies ?? ''])[0] ?? '';
    return first.split(';')[0] ?? '';
  }

  /** Starts listening on a random loopback port (for tests that need real HTTP); returns the base URL. */
  async function listen(): Promise<string> {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (typeof address !== 'object' || !address) throw new Error('server has no address');
    return `http://127.0.0.1:${address.port}`;
  }

  return {
    app,
    db: database.db,
    sql: database.sql,
    url,
    auth,
    s3,
    jobs,
    signIn,
    listen,
    delivery,
    tus,
    live,
    metrics,
  };
}
