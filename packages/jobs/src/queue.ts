import { PgBoss } from 'pg-boss';
import { type JobName, type JobPayload, jobDefinitions, jobNames } from './definitions';
import { explainJobError } from './job-errors';

/** What procedures need: put work on a queue. */
export interface JobQueue {
  send<N extends JobName>(
    name: N,
    payload: JobPayload<N>,
    options?: { singletonKey?: string; startAfterSeconds?: number },
  ): Promise<void>;
}

export interface JobHandlerContext {
  jobId: string;
  /** The attempt number, 0 for the first run. */
  retryCount: number;
  signal: AbortSignal;
}

export type JobHandler<N extends JobName> = (
  payload: JobPayload<N>,
  context: JobHandlerContext,
) => Promise<void>;

/** Told how each job run ended, for metrics; must not throw. */
export interface JobObserver {
  jobFinished(name: JobName, outcome: 'completed' | 'failed' | 'dropped', seconds: number): void;
}

/** One queue as the System page and `/metrics` see it. */
export interface QueueHealth {
  name: JobName;
  /** Waiting to run now (ready) or later (a retry's backoff, a start-after). */
  queued: number;
  active: number;
  /** Failed for good and still kept by the queue's retention (a rolling count, not all-time). */
  failed: number;
}

/** What admins and metrics may ask of the queue beyond sending. */
export interface QueueInspector {
  queues(): Promise<QueueHealth[]>;
  /** Puts every failed job of this kind back on its queue; returns how many. */
  retryFailed(name: JobName): Promise<number>;
  /** Whether a job of this kind is running or due to run now (not one waiting for a retry's backoff). */
  hasWork(name: JobName): Promise<boolean>;
}

export interface JobLogger {
  /** One line per finished job (id, kind, attempt, milliseconds); optional for quiet callers. */
  info?(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/**
 * pg-boss in the application's PostgreSQL (its own `pgboss` schema): sending from API processes,
 * working in worker processes. Several processes on several machines can share it.
 */
export async function startJobQueue(options: {
  databaseUrl: string;
  log: JobLogger;
  observer?: JobObserver;
}) {
  // Supervision (expiry, lost heartbeats) every 10 s in every process, so a job whose worker died is
  // retried within about half a minute (see LIVENESS in definitions.ts). Both intervals: pg-boss
  // fails stale heartbeats in its per-queue monitor pass, which by default runs once a minute
  // whatever the supervise interval (a killed encode then waited up to 80 s for its retry).
  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    max: 4,
    superviseIntervalSeconds: 10,
    monitorIntervalSeconds: 10,
    // A new job wakes its workers at once (one extra connection per process, held for LISTEN)
    // instead of at their next poll; polling stays as the floor (see `work`).
    useListenNotify: true,
  });
  boss.on('error', (error) => options.log.error({ err: error }, 'job queue error'));
  await boss.start();
  for (const name of jobNames) {
    const policy = { ...jobDefinitions[name].options, notify: true };
    await boss.createQueue(name, policy);
    // createQueue leaves an existing queue as it was: bring its policy up to this release's.
    await boss.updateQueue(name, policy);
  }

  const queue: JobQueue = {
    async send(name, payload, sendOptions) {
      const data = jobDefinitions[name].schema.parse(payload);
      await boss.send(name, data, {
        ...jobDefinitions[name].options,
        singletonKey: sendOptions?.singletonKey,
        ...(sendOptions?.startAfterSeconds ? { startAfter: sendOptions.startAfterSeconds } : {}),
      });
    },
  };

  /**
   * Registers a handler. A payload that fails its schema is logged and completed (retrying would
   * not fix it); a handler that throws is retried by the queue's policy.
   */
  async function work<N extends JobName>(
    name: N,
    handler: JobHandler<N>,
    workOptions: { concurrency?: number } = {},
  ) {
    await boss.work(
      name,
      {
        batchSize: 1,
        localConcurrency: workOptions.concurrency ?? 1,
        includeMetadata: true,
        // NOTIFY announces new jobs only; a retry whose delay ran out, a scheduled job, or anything
        // sent while the listener reconnects is found by this poll, as often as without NOTIFY.
        notifyPollingIntervalSeconds: 2,
      },
      async ([job]) => {
        if (!job) return;
        const started = performance.now();
        const finished = (outcome: 'completed' | 'failed' | 'dropped') =>
          options.observer?.jobFinished(name, outcome, (performance.now() - started) / 1000);
        const parsed = jobDefinitions[name].schema.safeParse(job.data);
        if (!parsed.success) {
          finished('dropped');
          options.log.warn(
            { job: job.id, name, issues: parsed.error.issues },
            'dropping job with an invalid payload',
          );
          return;
        }
        try {
          await handler(parsed.data as JobPayload<N>, {
            jobId: job.id,
            retryCount: job.retryCount,
            signal: job.signal,
          });
          options.log.info?.(
            { job: job.id, name, retryCount: job.retryCount, ms: Math.round(performance.now() - started) },
            'job finished',
          );
          finished('completed');
        } catch (error) {
          finished('failed');
          // The queue records the error on the job; the log says it in words, with the attempt.
          options.log.warn(
            { job: job.id, name, retryCount: job.retryCount, err: error },
            `job failed, the queue retries it while attempts are left: ${explainJobError(error)}`,
          );
          throw error;
        }
      },
    );
  }

  // Counted live from pg-boss's job table: `getQueues()` serves counters its monitor refreshes
  // only every minute or so, too stale for a page an admin reloads after pressing "Retry".
  const count = async (sql: string, values: unknown[]) =>
    (await boss.getDb().executeSql(sql, values)).rows as Array<Record<string, unknown>>;
  const inspector: QueueInspector = {
    async queues() {
      const rows = await count(
        `select name, state, count(*)::int as n from pgboss.job where name = any($1) group by name, state`,
        [jobNames],
      );
      const health = new Map<JobName, QueueHealth>(
        jobNames.map((name) => [name, { name, queued: 0, active: 0, failed: 0 }]),
      );
      for (const row of rows) {
        const entry = health.get(row.name as JobName);
        const n = Number(row.n);
        if (!entry) continue;
        if (row.state === 'created' || row.state === 'retry') entry.queued += n;
        else if (row.state === 'active') entry.active += n;
        else if (row.state === 'failed') entry.failed += n;
      }
      return [...health.values()];
    },
    async retryFailed(name) {
      const rows = await count(`select id from pgboss.job where name = $1 and state = 'failed'`, [name]);
      const ids = rows.map((row) => String(row.id));
      for (let i = 0; i < ids.length; i += 1000) await boss.retry(name, ids.slice(i, i + 1000));
      return ids.length;
    },
    async hasWork(name) {
      const rows = await count(
        `select 1 from pgboss.job where name = $1
           and (state = 'active' or (state in ('created', 'retry') and start_after <= now())) limit 1`,
        [name],
      );
      return rows.length > 0;
    },
  };

  return {
    queue,
    inspector,
    work,
    schedule: (name: JobName, cron: string) => boss.schedule(name, cron, {}),
    /** Stops fetching new jobs and waits (up to `timeoutMs`) for running ones to finish. */
    stop: (timeoutMs = 30_000) => boss.stop({ graceful: true, timeout: timeoutMs }),
  };
}

export type RunningJobQueue = Awaited<ReturnType<typeof startJobQueue>>;
