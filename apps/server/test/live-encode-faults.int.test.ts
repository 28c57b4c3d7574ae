import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createMusicSet } from '@party/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveEncoder } from '../src/uploads/live/live-encoder';
import { startWorker } from '../src/worker/start-worker';
import { demoAdminId, outcomesOf, settledTrack, uploadInParts, writeMusicFlac } from './live-encode-helpers';
import { useTestApp } from './test-app';

const liveDir = await mkdtemp(path.join(tmpdir(), 'party-live-faults-'));
const spoolDir = path.join(liveDir, 'spool');
afterAll(() => rm(liveDir, { recursive: true, force: true }));
// A spool allowed to fall 1 byte behind the upload: every upload outruns it.
const { db, s3, jobs, signIn, listen, tus, live } = await useTestApp({
  uploadLimits: { concurrentPerAdmin: 20 },
  live: { maxBacklogBytes: 1, spoolDir },
});
if (!live) throw new Error('live encoding is off');
const base = await listen();
const silent = { info: () => {}, warn: () => {}, error: () => {} };
const outcomes = outcomesOf(live);
const set = await createMusicSet(db, { title: 'Faults', artist: 'DJ', createdBy: await demoAdminId(db) });

let cookie = '';
let flac: Buffer;
beforeAll(async () => {
  cookie = await signIn('admin@demo.local');
  flac = await readFile(await writeMusicFlac(path.join(liveDir, 'set.flac'), 8));
  await startWorker({ db, s3: s3.client, bucket: s3.bucket, jobs, log: silent });
});

const upload = (filename: string) =>
  uploadInParts(
    {
      base,
      cookie,
      tus,
      bytes: flac,
      fields: { kind: 'audio', setId: set.id, filename, filetype: 'audio/flac' },
    },
    [{ bytes: flac.length }],
  );

describe('encoding while uploading: the spool', () => {
  it('gives up when the spool falls behind the upload (never slowing it), and the job makes the track ready', async () => {
    const key = await upload('behind.flac');
    expect(await outcomes.of(key)).toMatchObject({
      result: 'abandoned',
      reason: expect.stringMatching(/fell more than 1 bytes behind/),
    });
    expect(await settledTrack(db, key)).toMatchObject({ status: 'ready', title: 'Live Mix' });
    expect(await readdir(spoolDir)).toEqual([]);
  });

  it('gives up when the spool directory cannot be written, and the job makes the track ready', async () => {
    await rm(spoolDir, { recursive: true, force: true });
    await writeFile(spoolDir, 'not a directory');
    try {
      const key = await upload('no-spool.flac');
      expect(await outcomes.of(key)).toMatchObject({
        result: 'abandoned',
        reason: expect.stringMatching(/spool could not be created/),
      });
      expect(await settledTrack(db, key)).toMatchObject({ status: 'ready' });
    } finally {
      await rm(spoolDir, { force: true });
      await mkdir(spoolDir);
    }
  });

  it('never resumes a spool left by a process before a restart: starting empties the spool directory', async () => {
    const dir = path.join(liveDir, 'restart');
    await mkdir(path.join(dir, 'left-over'), { recursive: true });
    await writeFile(path.join(dir, 'left-over', 'original'), 'half an upload');
    const restarted = await LiveEncoder.start({
      db,
      s3: s3.client,
      bucket: s3.bucket,
      jobs: jobs.queue,
      log: silent,
      spoolDir: dir,
    });
    expect(await readdir(dir)).toEqual([]);
    await restarted.close();
  });
});
