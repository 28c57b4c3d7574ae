import { randomBytes } from 'node:crypto';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { createEvent, findUserByEmail, latestStorageSweep } from '@party/db';
import { startJobQueue } from '@party/jobs';
import { createS3Client, observeS3Errors } from '@party/storage';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../src/logger';
import { createMetrics } from '../src/metrics/metrics';
import { startMetricsServer } from '../src/metrics/metrics-routes';
import { sweepOrphansHandler } from '../src/worker/processors/sweep-orphans';
import { useTestApp } from './test-app';
import { tusUpload } from './tus-client';

const TOKEN = 'metrics-token-metrics-token';
const { app, db, url, s3, signIn, listen, metrics } = await useTestApp({ metricsToken: TOKEN });
const base = await listen();

/** The value of one sample in Prometheus text format (0 when the series is not there yet). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const wanted = Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`));
    if (wanted) return Number(line.split(' ').at(-1));
  }
  return 0;
}

const scrape = async () => {
  const response = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return response.text();
};

describe('/metrics', () => {
  it('is off by default: 404 when no METRICS_TOKEN is set', async () => {
    const plain = await useTestApp();
    const response = await plain.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(404);
  });

  it('wants the token as a bearer token', async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    const wrong = await fetch(`${base}/metrics`, {
      headers: { authorization: 'Bearer not-the-token-at-all' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toContain('Bearer');
    expect((await fetch(`${base}/metrics`, { headers: { authorization: TOKEN } })).status).toBe(401);
  });

  it('times requests by route pattern, not by raw URL', async () => {
    const before = sample(await scrape(), 'party_http_request_duration_seconds_count', {
      route: '/healthz',
      status_code: '200',
    });
    await fetch(`${base}/healthz`);
    await fetch(`${base}/healthz?x=1`);
    await fetch(`${base}/media/not-a-token`);
    const text = await scrape();
    expect(
      sample(text, 'party_http_request_duration_seconds_count', { route: '/healthz', status_code: '200' }),
    ).toBe(before + 2);
    expect(sample(text, 'party_http_request_duration_seconds_count', { route: '/media/*' })).toBeGreaterThan(
      0,
    );
    expect(text).not.toContain('not-a-token');
  });

  it('counts an upload: its bytes, its completion, and the processing job it queued', async () => {
    const admin = await findUserByEmail(db, 'admin@demo.local');
    if (!admin) throw new Error('demo admin missing');
    const event = await createEvent(db, {
      title: 'M',
      slug: 'm',
      eventDate: '2026-11-20',
      createdBy: admin.id,
    });
    const cookie = await signIn('admin@demo.local');
    const before = await scrape();
    const bytes = randomBytes(200_000);
    await tusUpload(base, cookie, bytes, {
      kind: 'image',
      eventId: event.id,
      filename: 'a.jpg',
      filetype: 'image/jpeg',
    });
    const after = await scrape();
    expect(sample(after, 'party_upload_bytes_total') - sample(before, 'party_upload_bytes_total')).toBe(
      200_000,
    );
    expect(
      sample(after, 'party_uploads_completed_total', { kind: 'image' }) -
        sample(before, 'party_uploads_completed_total', { kind: 'image' }),
    ).toBe(1);
    expect(sample(after, 'party_uploads_active')).toBe(0);
    // No worker runs here: the photo's job waits in the queue, read at scrape time.
    expect(sample(after, 'party_job_queue_jobs', { kind: 'process-image', state: 'queued' })).toBe(1);
  });

  it('counts job runs by kind and outcome, and the sweep stores its report', async () => {
    const worker = await startJobQueue({
      databaseUrl: url,
      log: { warn: () => {}, error: () => {} },
      observer: metrics,
    });
    afterAll(() => worker.stop(5_000));
    await worker.work(
      'sweep-orphans',
      sweepOrphansHandler({ db, s3: s3.client, bucket: s3.bucket, log: createLogger('silent') }),
    );
    await worker.queue.send('sweep-orphans', { dryRun: true });
    await expect
      .poll(
        async () =>
          sample(await scrape(), 'party_jobs_total', { kind: 'sweep-orphans', outcome: 'completed' }),
        {
          timeout: 20_000,
          interval: 250,
        },
      )
      .toBe(1);
    const text = await scrape();
    expect(sample(text, 'party_job_duration_seconds_count', { kind: 'sweep-orphans' })).toBe(1);
    const sweep = await latestStorageSweep(db);
    expect(sweep?.dryRun).toBe(true);
    // The photo uploaded above is still processing, so its original is no orphan.
    expect(sweep?.orphanCount).toBe(0);
  });

  it('counts S3 errors by operation and code', async () => {
    const client = createS3Client(s3.config);
    afterAll(() => client.destroy());
    observeS3Errors(client, metrics.s3Error);
    await expect(
      client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: 'originals/missing' })),
    ).rejects.toThrow();
    expect(sample(await scrape(), 'party_s3_errors_total', { operation: 'HeadObject' })).toBe(1);
  });

  it('serves /metrics without a token on METRICS_PORT, and nothing else there', async () => {
    const own = createMetrics();
    own.urlIssued('presigned');
    const server = await startMetricsServer({ metrics: own, port: 0, host: '127.0.0.1' });
    afterAll(() => server.close());
    const response = await fetch(`http://127.0.0.1:${server.port}/metrics`);
    expect(response.status).toBe(200);
    expect(sample(await response.text(), 'party_media_urls_issued_total', { kind: 'presigned' })).toBe(1);
    expect((await fetch(`http://127.0.0.1:${server.port}/`)).status).toBe(404);
  });
});

void app;
