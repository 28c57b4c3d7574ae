import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createCaller } from '@party/api';
import { createUserWithPassword } from '@party/api/auth';
import { createSyncRun, findSyncRun, findUserByEmail, schema } from '@party/db';
import { seedImage } from '@party/testing';
import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ticketingSyncHandler } from '../src/worker/processors/ticketing-sync';
import { startWorker } from '../src/worker/start-worker';
import { useTestApp } from './test-app';
import { at, deliver, processed, WEBHOOK_SECRET } from './ticketing-hooks';

/*
 * The ticketing backend's pull API as the README states it, served from a loopback HTTP server the
 * test controls: two items per page, bearer token required.
 */
const TOKEN = 'pull-token-for-tests';
interface UpstreamEvent {
  id: string;
  title: string;
  date: string;
  venue: string | null;
  slug: string;
  updatedAt: string;
}
interface UpstreamAttendee {
  person: { subject: string; email: string; name: string; photoConsent: string };
  updatedAt: string;
}
const upstream = { events: [] as UpstreamEvent[], attendees: new Map<string, UpstreamAttendee[]>() };
const requests: string[] = [];

function paged<T>(items: T[], cursor: string | null) {
  const start = cursor ? Number(cursor) : 0;
  const next = start + 2 < items.length ? String(start + 2) : null;
  return { items: items.slice(start, start + 2), nextCursor: next };
}

const server: Server = createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  requests.push(`${request.method} ${url.pathname}${url.search}`);
  const send = (status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };
  if (request.headers.authorization !== `Bearer ${TOKEN}`) return send(401, { error: 'token' });
  const cursor = url.searchParams.get('cursor');
  if (url.pathname === '/api/events') return send(200, paged(upstream.events, cursor));
  const match = /^\/api\/events\/([^/]+)\/attendees$/.exec(url.pathname);
  if (match?.[1]) return send(200, paged(upstream.attendees.get(decodeURIComponent(match[1])) ?? [], cursor));
  return send(404, { error: 'not found' });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;

const { app, db, auth, s3, jobs } = await useTestApp({
  ticketing: { webhookSecret: WEBHOOK_SECRET, pull: true },
});
const silent = { info: () => {}, warn: () => {}, error: () => {} };
await startWorker({
  db,
  s3: s3.client,
  bucket: s3.bucket,
  jobs,
  log: silent,
  ticketingApi: { url: apiUrl, token: TOKEN },
});
const admin = await findUserByEmail(db, 'admin@demo.local');
const adminCaller = createCaller({
  db,
  viewer: { id: admin?.id ?? '', email: 'admin@demo.local', name: 'Admin', role: 'admin' },
  publicUrl: 'http://localhost:3000',
  delivery: { url: async () => '' } as never,
  storage: { client: s3.client, bucket: s3.bucket },
  jobs: jobs.queue,
  integration: { webhooks: true, pull: true },
});

/** "Sync now" as the admin page does it, then the status query until the run ends. */
async function syncNow() {
  const run = await adminCaller.admin.integration.syncNow();
  return vi.waitFor(
    async () => {
      const status = await adminCaller.admin.integration.status();
      const done = status.pull.runs.find((row) => row.id === run.id);
      expect(done?.status).toMatch(/succeeded|failed/);
      if (!done) throw new Error('run missing');
      return done;
    },
    { timeout: 45_000, interval: 200 },
  );
}

const event = (id: string, title: string, updatedAt: string): UpstreamEvent => ({
  id,
  title,
  date: '2026-12-05',
  venue: null,
  slug: title.toLowerCase().replace(/\s+/g, '-'),
  updatedAt,
});
const attendee = (subject: string, email: string, updatedAt: string): UpstreamAttendee => ({
  person: { subject, email, name: email.split('@')[0] ?? 'x', photoConsent: 'fine' },
  updatedAt,
});

describe('reconciliation with the pull API', () => {
  it('creates, updates and removes what webhooks missed, and reports it', async () => {
    const [a, b, c, gone, goneWithPhotos] = Array.from(
      { length: 5 },
      () => `evt-${randomUUID().slice(0, 8)}`,
    ) as [string, string, string, string, string];
    // What webhooks brought before: a (old title), gone, goneWithPhotos (with a photo), and an attendee of a.
    const member = await createUserWithPassword(auth, {
      email: `pull-${randomUUID().slice(0, 6)}@example.org`,
      password: 'pull-member-pw',
      name: 'Pull',
      role: 'member',
    });
    const memberRow = await db.query.user.findFirst({ where: eq(schema.user.id, member.id) });
    for (const [id, title] of [
      [a, 'Old title'],
      [gone, 'Gone night'],
      [goneWithPhotos, 'Gone with photos'],
    ] as const) {
      const sent = await deliver(app, {
        type: 'event.upserted',
        data: { ...event(id, title, at('2026-11-01T10:00:00Z')) },
      });
      await processed(db, sent.id);
    }
    const withPhotos = await db.query.events.findFirst({
      where: eq(schema.events.externalId, goneWithPhotos),
    });
    await seedImage(db, { eventId: withPhotos?.id ?? '' });
    const leaver = await deliver(app, {
      type: 'attendance.upserted',
      data: { eventId: a, ...attendee('sub-leaver', 'leaver@example.org', at('2026-11-01T10:00:00Z')) },
    });
    await processed(db, leaver.id);
    // A manual event and a manual attendee stay untouched.
    const manual = await adminCaller.admin.events.create({
      title: 'Hand made',
      slug: `hand-${randomUUID().slice(0, 6)}`,
      eventDate: '2026-12-01',
    });

    upstream.events = [
      event(a, 'New title', at('2026-11-02T10:00:00Z')),
      event(b, 'Missed night', at('2026-11-02T10:00:00Z')),
      event(c, 'Another missed', at('2026-11-02T10:00:00Z')),
    ];
    upstream.attendees.set(a, [attendee('sub-pull', memberRow?.email ?? '', at('2026-11-02T10:00:00Z'))]);
    upstream.attendees.set(b, [
      attendee('sub-b1', 'b1@example.org', at('2026-11-02T10:00:00Z')),
      attendee('sub-b2', 'b2@example.org', at('2026-11-02T10:00:00Z')),
      attendee('sub-b3', 'b3@example.org', at('2026-11-02T10:00:00Z')),
    ]);

    const run = await syncNow();
    expect(run).toMatchObject({ status: 'succeeded', error: null, eventsDone: 3, eventsTotal: 3 });
    expect(run.report).toEqual({
      events: { created: 2, updated: 1, removed: 1, marked: 1, unchanged: 0 },
      attendees: { created: 1, updated: 0, removed: 1, pending: 3, unchanged: 0 },
    });
    // Paging was followed (3 events at 2 per page; 3 attendees of b likewise), with the token.
    expect(requests).toEqual(
      expect.arrayContaining([
        'GET /api/events',
        'GET /api/events?cursor=2',
        `GET /api/events/${b}/attendees?cursor=2`,
      ]),
    );

    const byExternal = async (id: string) =>
      db.query.events.findFirst({ where: eq(schema.events.externalId, id) });
    expect(await byExternal(a)).toMatchObject({ title: 'New title' });
    expect(await byExternal(b)).toMatchObject({ title: 'Missed night', slug: 'missed-night' });
    expect(await byExternal(gone)).toBeUndefined();
    expect(await byExternal(goneWithPhotos)).toMatchObject({ removedUpstreamAt: expect.any(Date) });
    expect(await db.query.events.findFirst({ where: eq(schema.events.id, manual.id) })).toMatchObject({
      title: 'Hand made',
    });
    const aRow = await byExternal(a);
    const attendeesOfA = await adminCaller.admin.events.attendees.list({ id: aRow?.id ?? '' });
    expect(attendeesOfA).toEqual([expect.objectContaining({ userId: member.id, source: 'ticketing' })]);

    // A second run finds nothing to do.
    const again = await syncNow();
    expect(again.report).toEqual({
      events: { created: 0, updated: 0, removed: 0, marked: 0, unchanged: 3 },
      attendees: { created: 0, updated: 0, removed: 0, pending: 0, unchanged: 4 },
    });
  });

  it('reports a refused token as a failed run with the reason', async () => {
    const created = await createSyncRun(db, { trigger: 'admin' });
    const handler = ticketingSyncHandler({
      db,
      ticketingApi: { url: apiUrl, token: 'wrong-token' },
      log: silent,
    });
    await handler(
      { runId: created?.id },
      { jobId: 'test', retryCount: 0, signal: new AbortController().signal },
    );
    expect(await findSyncRun(db, created?.id ?? '')).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/refused TICKETING_API_TOKEN \(401 on GET \/api\/events\)/),
    });
    // The admin page sees it as the latest run, and "Sync now" is free again.
    const status = await adminCaller.admin.integration.status();
    expect(status.pull.runs[0]).toMatchObject({ id: created?.id, status: 'failed' });
  });
});
