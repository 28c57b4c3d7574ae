import { createEvent, createMusicSet, findUserByEmail, schema } from '@party/db';
import { type HostileCase, hostileCorpus, isSafeFileName } from '@party/media/hostile-corpus';
import { photoLikePixels } from '@party/media/test-fixtures';
import { attachmentDisposition } from '@party/storage';
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { startWorker } from '../src/worker/start-worker';
import { bucketObjects } from './bucket-objects';
import { useTestApp } from './test-app';
import { tusCreate, tusPatch } from './tus-client';

/**
 * The hostile corpus (packages/media/test/hostile-corpus.ts) through the real upload path and the
 * real worker: every case ends refused with a sentence, failed with a reason, or ready under a
 * sanitised name, and the server and worker still take a good file afterwards.
 */
const { db, s3, jobs, signIn, listen } = await useTestApp({ uploadLimits: { concurrentPerAdmin: 100 } });
const base = await listen();
const silent = { info: () => {}, warn: () => {}, error: () => {} };
await startWorker({ db, s3: s3.client, bucket: s3.bucket, jobs, log: silent });

const admin = await findUserByEmail(db, 'admin@demo.local');
if (!admin) throw new Error('demo admin missing');
const event = await createEvent(db, {
  title: 'Hostile',
  slug: 'hostile',
  eventDate: '2026-06-01',
  createdBy: admin.id,
});
const set = await createMusicSet(db, { title: 'Hostile', artist: 'DJ Fuzz', createdBy: admin.id });
const { exists } = bucketObjects(s3);

type Outcome =
  | { refused: { status: number; contentType: string; body: string; headers: string } }
  | { key: string; status: string; failureReason: string | null; originalName: string };

const CASES = hostileCorpus();
const SENTENCE = /^\S.*\w+ \w+ \w+.*[.!?]$/s;
const UPLOAD_KEY = /^originals\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let cookie = '';

/** Uploads through `/files` (POST, then one PATCH); a 4xx at either step is the refusal. */
async function send(
  testCase: Pick<HostileCase, 'name' | 'kind' | 'filename'>,
  bytes: Buffer,
): Promise<Outcome> {
  const fields: Record<string, string> =
    testCase.kind === 'image'
      ? { kind: 'image', eventId: event.id, filename: testCase.filename, filetype: 'image/jpeg' }
      : { kind: 'audio', setId: set.id, filename: testCase.filename, filetype: 'audio/flac' };
  let response = await tusCreate(base, cookie, bytes.length, fields);
  if (response.status === 201) {
    const location = response.headers.get('location') ?? '';
    response = await tusPatch(base, cookie, location, 0, bytes);
    if (response.status === 204) {
      const key = `originals/${location.split('/').pop()}`;
      const table = testCase.kind === 'image' ? schema.images : schema.tracks;
      const row = await vi.waitFor(
        async () => {
          const [found] = await db.select().from(table).where(eq(table.originalKey, key));
          if (!found || found.status === 'processing') throw new Error(`${testCase.name}: still processing`);
          return found;
        },
        { timeout: 120_000, interval: 250 },
      );
      return { key, status: row.status, failureReason: row.failureReason, originalName: row.originalName };
    }
  }
  return {
    refused: {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      body: await response.text(),
      headers: [...response.headers].map(([name, value]) => `${name}: ${value}`).join('\n'),
    },
  };
}

const outcomes = new Map<string, Outcome>();

beforeAll(async () => {
  cookie = await signIn('admin@demo.local');
  const queue = [...CASES];
  // A few at a time: the worker sees several jobs at once, as after a guest's bulk upload.
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        outcomes.set(next.name, await send(next, await next.bytes()));
      }
    }),
  );
}, 170_000);

describe('hostile inputs through /files and the worker', () => {
  it('has at least 50 cases, each named once', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(50);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', (_name, testCase) => {
    const outcome = outcomes.get(testCase.name);
    if (!outcome) throw new Error(`${testCase.name} was not uploaded`);
    if (testCase.expect === 'refused') {
      if (!('refused' in outcome))
        throw new Error(`not refused but ${outcome.status}: ${outcome.failureReason}`);
      const { status, contentType, body, headers } = outcome.refused;
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(500);
      expect(contentType).toMatch(/^text\/plain/);
      expect(body).toMatch(SENTENCE);
      if (testCase.reason) expect(body).toMatch(testCase.reason);
      // biome-ignore lint/suspicious/noControlCharactersInRegex: a raw control or bidi character is the failure
      expect(`${body}\n${headers}`).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202a-\u202e\u2066-\u2069]/);
      expect(headers).not.toContain(testCase.filename);
      return;
    }
    if ('refused' in outcome) throw new Error(`refused: ${outcome.refused.status} ${outcome.refused.body}`);
    expect(outcome.key).toMatch(UPLOAD_KEY);
    expect(isSafeFileName(outcome.originalName), JSON.stringify(outcome.originalName)).toBe(true);
    // The download header built from the stored name is plain ASCII, whatever the name held.
    expect(attachmentDisposition(outcome.originalName)).toMatch(/^[\x20-\x7e]+$/);
    if (testCase.expect === 'failed') {
      expect(outcome.status).toBe('failed');
      expect(outcome.failureReason).toMatch(SENTENCE);
      if (testCase.reason) expect(outcome.failureReason).toMatch(testCase.reason);
    } else {
      expect(outcome.status).toBe('ready');
    }
  });

  it('keeps the extension and the visible part of a hostile name, and only that', () => {
    const nameOf = (caseName: string) => {
      const outcome = outcomes.get(caseName);
      return outcome && 'originalName' in outcome ? outcome.originalName : undefined;
    };
    expect(nameOf('name with ../ path parts')).toBe('passwd.jpg');
    expect(nameOf('name with Windows path parts')).toBe('evil.jpg');
    expect(nameOf('name with a right-to-left override')).toBe('invoicegpj.exe.jpg');
    expect(nameOf('name of 400 characters')).toBe(`${'a'.repeat(196)}.jpg`);
    expect(nameOf('name with quotes and a semicolon')).toBe(`he said "hi"; it's fine.jpg`);
    expect(nameOf('name with emoji')).toBe('🎉 party 🪩 night 🌃.jpg');
    expect(nameOf('name with NUL bytes')).toBe('photo.php.jpg');
    expect(nameOf('name of 200 emoji (cut mid-pair at 200 code units)')).toBe(`a${'🎉'.repeat(97)}.jpg`);
    expect(nameOf('name with ../ path parts on audio')).toBe('set.flac');
  });

  it('still takes and processes a good photo afterwards', async () => {
    const bytes = await (await photoLikePixels(640, 480, 999)).jpeg().toBuffer();
    const outcome = await send({ name: 'good photo', kind: 'image', filename: 'after.jpg' }, bytes);
    if ('refused' in outcome) throw new Error(`refused: ${outcome.refused.body}`);
    expect(outcome).toMatchObject({ status: 'ready', originalName: 'after.jpg' });
    expect(await exists(outcome.key)).toBe(true);
  });
});
