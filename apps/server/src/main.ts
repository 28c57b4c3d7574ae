import { createAuth, inviteLinkKey, unsubscribeKey } from '@party/api/auth';
import { createDatabase, runMigrations } from '@party/db';
import { type RunningJobQueue, startJobQueue } from '@party/jobs';
import { createS3Client, mediaTokenKey, observeS3Errors } from '@party/storage';
import { buildApp } from './app';
import { DEMO_ACCOUNTS, seedDemoAccounts } from './demo-accounts';
import {
  ConfigError,
  loadEnv,
  mailFromOf,
  mailModeOf,
  publicUrlOf,
  signInPolicyOf,
  ticketingApiOf,
  trustedOrigins,
} from './env';
import { createLogger } from './logger';
import { caughtMailReader, startMailSender } from './mail/start-mail';
import { createMetrics } from './metrics/metrics';
import { startMetricsServer } from './metrics/metrics-routes';
import { CLIENT_IP_HEADER } from './routes/auth';
import { startBackingServices } from './services/backing-services';
import { localSecret } from './services/local-secret';
import { fileOffsetClock } from './test-clock';
import { PgAdvisoryLocker } from './uploads/pg-advisory-locker';
import { createTusServer } from './uploads/tus-server';
import { appVersion } from './version';

const MiB = 1024 * 1024;

function printBanner(publicUrl: string, demoPassword: string | undefined) {
  const lines = [
    'Party media is running:',
    `  member app  ${publicUrl}/`,
    `  admin app   ${publicUrl}/admin/`,
  ];
  if (demoPassword) {
    lines.push('  demo accounts (password for both):');
    for (const account of DEMO_ACCOUNTS) lines.push(`    ${account.role.padEnd(7)} ${account.email}`);
    lines.push(`    password ${demoPassword}`);
  }
  process.stdout.write(`\n${lines.join('\n')}\n\n`);
}

async function main() {
  const env = loadEnv();
  const log = createLogger(env.LOG_LEVEL);
  const publicUrl = publicUrlOf(env);
  const origins = trustedOrigins(env, publicUrl);
  const servesHttp = env.ROLE !== 'worker';
  const runsJobs = env.ROLE !== 'api';

  const services = await startBackingServices(env, {
    corsOrigins: origins,
    log: (message) => log.info(message),
  });
  const database = createDatabase(services.databaseUrl);
  await runMigrations(database);
  log.info('database migrations applied');
  const s3 = createS3Client(services.s3);
  // Collected in every process (cheap); exposed only with METRICS_TOKEN or METRICS_PORT.
  let inspectQueues: (() => ReturnType<RunningJobQueue['inspector']['queues']>) | undefined;
  const metrics = createMetrics({
    queues: () => inspectQueues?.() ?? Promise.resolve([]),
    onCollectError: (error, what) => log.warn({ err: error }, `metrics: ${what} failed`),
  });
  observeS3Errors(s3, metrics.s3Error);
  const jobs = await startJobQueue({ databaseUrl: services.databaseUrl, log, observer: metrics });
  inspectQueues = jobs.inspector.queues;
  const closeMetrics = env.METRICS_PORT
    ? (await startMetricsServer({ metrics, port: env.METRICS_PORT, host: env.METRICS_HOST })).close
    : undefined;
  if (env.METRICS_PORT) log.info({ host: env.METRICS_HOST, port: env.METRICS_PORT }, 'metrics at /metrics');
  const authSecret = env.BETTER_AUTH_SECRET ?? (await localSecret(env.DATA_DIR, 'auth-secret'));
  const mailMode = mailModeOf(env);
  const closeLater: Array<() => Promise<void>> = [];
  if (mailMode === 'off')
    log.warn('mail is off (NODE_ENV=production, no SMTP_URL): invite links are copied by hand');

  if (runsJobs) {
    // Loaded only here: sharp, ffmpeg wrappers and their native libraries cost an API-only
    // process tens of megabytes it never uses.
    const { ffmpegVersion } = await import('@party/media');
    const { startWorker } = await import('./worker/start-worker');
    if (!(await ffmpegVersion())) log.warn('ffmpeg is not installed: audio processing will fail until it is');
    const sender = await startMailSender({
      mode: mailMode,
      smtpUrl: env.SMTP_URL,
      from: mailFromOf(env, publicUrl),
      dataDir: env.DATA_DIR,
      log: (message) => log.info(message),
    });
    closeLater.push(sender.stop);
    const inviteMail = sender.mailer
      ? { mailer: sender.mailer, linkKey: inviteLinkKey(authSecret), community: env.COMMUNITY_NAME }
      : undefined;
    await startWorker({
      db: database.db,
      s3,
      bucket: services.s3.bucket,
      jobs,
      log,
      ticketingApi: ticketingApiOf(env),
      inviteMail,
      inviteReminderAfterDays: env.INVITE_REMINDER_AFTER_DAYS,
      noticeMail: sender.mailer
        ? {
            mailer: sender.mailer,
            community: env.COMMUNITY_NAME,
            publicUrl,
            unsubscribeKey: unsubscribeKey(authSecret),
          }
        : undefined,
    });
  }

  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  if (servesHttp) {
    const auth = createAuth({
      db: database.db,
      secret: authSecret,
      baseURL: publicUrl,
      trustedOrigins: origins,
      clientIpHeader: CLIENT_IP_HEADER,
      signInRateLimit: { window: 60, max: env.SIGN_IN_RATE_LIMIT },
      signIn: signInPolicyOf(env),
    });
    let demoPassword: string | undefined;
    if (services.embeddedDatabase && env.SEED_DEMO !== false) {
      demoPassword = env.DEMO_PASSWORD ?? (await localSecret(env.DATA_DIR, 'demo-password', 12));
      await seedDemoAccounts(auth, demoPassword);
    }
    // A pool of its own: each running upload PATCH holds one connection for its lock.
    const lockPool = createDatabase(services.databaseUrl, { max: 40 });
    closeLater.push(lockPool.close);
    // Loaded only when on: it brings the ffmpeg wrappers into the API process.
    const live =
      env.LIVE_ENCODE === 'on'
        ? await (await import('./uploads/live/live-encoder')).LiveEncoder.start({
            db: database.db,
            s3,
            bucket: services.s3.bucket,
            jobs: jobs.queue,
            log,
            spoolDir: env.LIVE_SPOOL_DIR,
          })
        : undefined;
    const { server: tus } = createTusServer({
      live,
      locker: new PgAdvisoryLocker(lockPool.sql),
      db: database.db,
      jobs: jobs.queue,
      s3: services.s3,
      maxSize: Math.max(env.UPLOAD_MAX_IMAGE_MB, env.UPLOAD_MAX_AUDIO_MB) * MiB,
      s3Tagging: env.S3_TAGGING ?? false,
      allowedOrigins: origins,
      log,
    });
    app = await buildApp({
      db: database.db,
      sql: database.sql,
      auth,
      s3,
      bucket: services.s3.bucket,
      jobs: jobs.queue,
      tus,
      live,
      uploadLimits: {
        maxImageBytes: env.UPLOAD_MAX_IMAGE_MB * MiB,
        maxAudioBytes: env.UPLOAD_MAX_AUDIO_MB * MiB,
        concurrentPerAdmin: env.UPLOAD_CONCURRENCY,
      },
      publicUrl,
      // Without PUBLIC_URL, links follow the loopback name the admin opened (localhost or 127.0.0.1).
      linkOrigins: env.PUBLIC_URL
        ? []
        : ['localhost', '127.0.0.1'].map((host) => `http://${host}:${env.PORT}`),
      mail: {
        mode: mailMode,
        linkKey: inviteLinkKey(authSecret),
        caught: await caughtMailReader(mailMode, env.DATA_DIR),
      },
      unsubscribeKey: unsubscribeKey(authSecret),
      ticketing: {
        webhookSecret: env.TICKETING_WEBHOOK_SECRET ?? null,
        pull: ticketingApiOf(env) !== null,
      },
      production: env.NODE_ENV === 'production',
      logger: log,
      trustProxy: env.TRUST_PROXY,
      delivery: {
        mode: env.DELIVERY_MODE,
        tokenKey: mediaTokenKey(authSecret),
        cacheDir: env.MEDIA_CACHE_DIR,
        cacheMaxBytes: env.MEDIA_CACHE_MAX_MB * MiB,
      },
      clock: env.TEST_CLOCK_OFFSET_FILE ? fileOffsetClock(env.TEST_CLOCK_OFFSET_FILE) : undefined,
      metrics,
      metricsToken: env.METRICS_TOKEN,
      system: { appVersion: await appVersion(), queues: jobs.inspector },
    });
    await app.listen({ port: env.PORT, host: env.HOST });
    printBanner(publicUrl, demoPassword);
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      log.warn(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    stopping = true;
    log.info({ signal }, 'shutting down: finishing in-flight requests and running jobs');
    try {
      await app?.close();
      await closeMetrics?.();
      await jobs.stop();
      for (const close of closeLater) await close();
      await database.close();
      await services.stop();
      log.info('stopped');
      process.exit(0);
    } catch (error) {
      log.error({ err: error }, 'error during shutdown');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n\nSee README.md, section Configuration.\n`);
  } else {
    process.stderr.write(
      `The server could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
