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

export interface JobLogger {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

/**
 * pg-boss in the application's PostgreSQL (its own `pgboss` schema): sending from API processes,
 * working in worker processes. Several processes on several machines can share it.
 */
export async function startJobQueue(options: { databaseUrl: string; log: JobLogger }) {
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
      { batchSize: 1, localConcurrency: workOptions.concurrency ?? 1, includeMetadata: true },
      async ([job]) => {
        if (!job) return;
        const parsed = jobDefinitions[name].schema.safeParse(job.data);
        if (!parsed.success) {
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
        } catch (error) {
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

  return {
    queue,
    work,
    schedule: (name: JobName, cron: string) => boss.schedule(name, cron, {}),
    /** Stops fetching new jobs and waits (up to `timeoutMs`) for running ones to finish. */
    stop: (timeoutMs = 30_000) => boss.stop({ graceful: true, timeout: timeoutMs }),
  };
}

export type RunningJobQueue = Awaited<ReturnType<typeof startJobQueue>>;
