import type { QueueHealth } from '@party/jobs';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** What the metrics read when scraped (each process reports what it can see). */
export interface MetricSources {
  /** pg-boss queue counts (shared by every process: any one reports the whole queue). */
  queues?: () => Promise<QueueHealth[]>;
  /** This process's media cache, when it has one. */
  mediaCache?: () => { usedBytes: number; files: number; maxBytes: number } | null;
  /** Where a failed scrape-time read is reported (the scrape itself still answers). */
  onCollectError?: (error: unknown, what: string) => void;
}

// Latency buckets from a cached tRPC query (~ms) to a long upload PATCH (minutes).
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120, 600];
// Jobs run from milliseconds (a deletion) to an hour (encoding a 4-hour set).
const JOB_BUCKETS = [0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600, 10800];

/**
 * Every Prometheus metric of one process, in a registry of its own (several apps in one test
 * process never share counters). Names start with `party_`; README, Metrics, lists them.
 */
export function createMetrics(sources: MetricSources = {}) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'party_' });
  const registers = [registry];

  const httpDuration = new Histogram({
    name: 'party_http_request_duration_seconds',
    help: 'HTTP request latency by route pattern (not the raw URL), method and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: HTTP_BUCKETS,
    registers,
  });
  const uploadsActive = new Gauge({
    name: 'party_uploads_active',
    help: 'tus requests (POST/PATCH) carrying upload bytes right now in this process.',
    registers,
  });
  const uploadsCompleted = new Counter({
    name: 'party_uploads_completed_total',
    help: 'Uploads whose last byte arrived in this process, by kind (image, audio, cover).',
    labelNames: ['kind'] as const,
    registers,
  });
  const uploadBytes = new Counter({
    name: 'party_upload_bytes_total',
    help: 'Upload bytes S3 accepted through this process (Upload-Offset after minus before).',
    registers,
  });
  const jobs = new Counter({
    name: 'party_jobs_total',
    help: 'Job runs in this process by kind and outcome (completed, failed: retried while attempts are left, dropped: invalid payload).',
    labelNames: ['kind', 'outcome'] as const,
    registers,
  });
  const jobDuration = new Histogram({
    name: 'party_job_duration_seconds',
    help: 'How long job runs took in this process, by kind.',
    labelNames: ['kind'] as const,
    buckets: JOB_BUCKETS,
    registers,
  });
  new Gauge({
    name: 'party_job_queue_jobs',
    help: 'Jobs in the queue by kind and state (queued, active, failed: kept by retention), read at scrape time.',
    labelNames: ['kind', 'state'] as const,
    registers,
    async collect() {
      if (!sources.queues) return;
      try {
        for (const queue of await sources.queues()) {
          this.set({ kind: queue.name, state: 'queued' }, queue.queued);
          this.set({ kind: queue.name, state: 'active' }, queue.active);
          this.set({ kind: queue.name, state: 'failed' }, queue.failed);
        }
      } catch (error) {
        sources.onCollectError?.(error, 'reading the job queues');
      }
    },
  });
  const mediaReads = new Counter({
    name: 'party_media_proxy_reads_total',
    help: 'Reads of the /media proxy by result: hit (disk cache), miss (fills the cache), bypass (ranged GET past the cache).',
    labelNames: ['result'] as const,
    registers,
  });
  const mediaBytes = new Counter({
    name: 'party_media_proxy_bytes_total',
    help: 'Bytes requested from the /media proxy by result (hit, miss, bypass).',
    labelNames: ['result'] as const,
    registers,
  });
  new Gauge({
    name: 'party_media_cache_used_bytes',
    help: 'Bytes in the media proxy disk cache of this process.',
    registers,
    collect() {
      const cache = sources.mediaCache?.();
      if (cache) this.set(cache.usedBytes);
    },
  });
  const s3Errors = new Counter({
    name: 'party_s3_errors_total',
    help: 'Failed S3 calls (after the SDK retries) by operation and error code.',
    labelNames: ['operation', 'code'] as const,
    registers,
  });
  const urlsIssued = new Counter({
    name: 'party_media_urls_issued_total',
    help: 'Media URLs handed out: presigned S3 URLs and /media proxy URLs.',
    labelNames: ['kind'] as const,
    registers,
  });

  const READ_RESULT = { cache: 'hit', download: 'miss', direct: 'bypass' } as const;
  return {
    registry,
    httpRequest(method: string, route: string, statusCode: number, seconds: number) {
      httpDuration.observe({ method, route, status_code: String(statusCode) }, seconds);
    },
    uploadStarted: () => uploadsActive.inc(),
    uploadStopped: () => uploadsActive.dec(),
    uploadBytes: (bytes: number) => {
      if (bytes > 0) uploadBytes.inc(bytes);
    },
    uploadCompleted: (kind: string) => uploadsCompleted.inc({ kind }),
    jobFinished(kind: string, outcome: 'completed' | 'failed' | 'dropped', seconds: number) {
      jobs.inc({ kind, outcome });
      jobDuration.observe({ kind }, seconds);
    },
    mediaRead(source: 'cache' | 'download' | 'direct', bytes: number) {
      const result = READ_RESULT[source];
      mediaReads.inc({ result });
      mediaBytes.inc({ result }, bytes);
    },
    s3Error: (operation: string, code: string) => s3Errors.inc({ operation, code }),
    urlIssued: (kind: 'presigned' | 'proxy') => urlsIssued.inc({ kind }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
