import { PgBoss } from 'pg-boss';
import { type JobName, type JobPayload, jobDefinitions, jobNames } from './definitions';
import { explainJobError } from './job-errors';

/** What procedures need: put work on a queue. */
export interface JobQueue {
  send<N extends JobName>(
    name: N,
    payload: JobPayload<N>,
    options?: { singletonKey?: string },
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
}

export interface JobLogger {
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
  // retried within about half a minute (see LIVENESS in definitions.ts).
  const boss = new PgBoss({ connectionString: options.databaseUrl, max: 4, superviseIntervalSeconds: 10 });
  boss.on('error', (error) => options.log.error({ err: error }, 'job queue error'));
  await boss.start();
  for (const name of jobNames) {
    await boss.createQueue(name, { ...jobDefinitions[name].options });
    // createQueue leaves an existing queue as it was: bring its policy up to this release's.
    await boss.updateQueue(name, { ...jobDefinitions[name].options });
  }

  const queue: JobQueue = {
    async send(name, payload, sendOptions) {
      const data = jobDefinitions[name].schema.parse(payload);
      await boss.send(name, data, {
        ...jobDefinitions[name].options,
        singletonKey: sendOptions?.singletonKey,
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
      { batchSize: 1, localConcurrency: workOptions.concurrency ?? 1, includeMetadata: true },
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

  const inspector: QueueInspector = {
    async queues() {
      const rows = await boss.getQueues([...jobNames]);
      const byName = new Map(rows.map((row) => [row.name, row]));
      return jobNames.map((name) => {
        const row = byName.get(name);
        return {
          name,
          queued: row?.queuedCount ?? 0,
          active: row?.activeCount ?? 0,
          failed: row?.failedCount ?? 0,
        };
      });
    },
    async retryFailed(name) {
      const failed: string[] = [];
      let after: string | undefined;
      // findJobs pages oldest first over every state; failed ones are kept only for a while.
      for (let page = 0; page < 20; page++) {
        const jobs = await boss.findJobs(name, { limit: 1000, after });
        for (const job of jobs) if (job.state === 'failed') failed.push(job.id);
        if (jobs.length < 1000) break;
        after = jobs.at(-1)?.id;
      }
      if (failed.length === 0) return 0;
      await boss.retry(name, failed);
      return failed.length;
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
