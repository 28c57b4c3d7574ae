import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createMusicSet, listRenditions } from '@party/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processTrackHandler } from '../src/worker/processors/process-track';
import { startWorker } from '../src/worker/start-worker';
import { bucketObjects } from './bucket-objects';
import { demoAdminId, outcomesOf, settledTrack, uploadInParts, writeMusicFlac } from './live-encode-helpers';
import { useTestApp } from './test-app';
import { tusCreate, tusPatch } from './tus-client';

const run = promisify(execFile);
const { db, s3, jobs, signIn, listen, tus, live } = await useTestApp({
  uploadLimits: { concurrentPerAdmin: 20 },
  live: {},
});
if (!live) throw new Error('live encoding is off');
const base = await listen();
const silent = { info: () => {}, warn: () => {}, error: () => {} };
const outcomes = outcomesOf(live);
const objects = bucketObjects(s3);
const set = await createMusicSet(db, { title: 'Live', artist: 'DJ', createdBy: await demoAdminId(db) });
const dir = await mkdtemp(path.join(tmpdir(), 'party-live-test-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

let cookie = '';
let flac: Buffer;
beforeAll(async () => {
  cookie = await signIn('admin@demo.local');
  flac = await readFile(await writeMusicFlac(path.join(dir, 'live.flac'), 20));
  // Fallbacks end with the ordinary job; the live path needs no worker.
  await startWorker({ db, s3: s3.client, bucket: s3.bucket, jobs, log: silent });
});

const fields = (filename: string) => ({ kind: 'audio', setId: set.id, filename, filetype: 'audio/flac' });
const third = () => Math.floor(flac.length / 3);

describe('encoding while uploading (LIVE_ENCODE)', () => {
  it('makes a FLAC uploaded in several PATCHes ready from the live path, equal to what the post-upload job makes', async () => {
    const liveKey = await uploadInParts({ base, cookie, tus, bytes: flac, fields: fields('live.flac') }, [
      { bytes: third() },
      { bytes: third() },
      { bytes: flac.length },
    ]);
    expect(await outcomes.of(liveKey)).toMatchObject({ result: 'ready' });
    const liveTrack = await settledTrack(db, liveKey);
    // The same bytes, their first PATCH taken by "another process": no live session, the job runs.
    const jobKey = await uploadInParts({ base, cookie, tus, bytes: flac, fields: fields('job.flac') }, [
      { bytes: third(), direct: true },
      { bytes: flac.length },
    ]);
    const jobTrack = await settledTrack(db, jobKey);

    expect(liveTrack).toMatchObject({
      status: 'ready',
      title: 'Live Mix',
      artist: 'DJ Stream',
      bitDepth: 16,
    });
    for (const field of [
      'sha256',
      'container',
      'codec',
      'lossless',
      'durationSeconds',
      'sampleRate',
      'channels',
      'bitrate',
      'loudnessLufs',
      'streamOriginal',
    ] as const) {
      expect(liveTrack[field], field).toEqual(jobTrack[field]);
    }
    expect(Buffer.compare(await objects.bytes(liveKey), flac)).toBe(0);
    const [liveRenditions, jobRenditions] = await Promise.all([
      listRenditions(db, [liveTrack.id]),
      listRenditions(db, [jobTrack.id]),
    ]);
    const byTier = (rows: typeof liveRenditions) => rows.toSorted((a, b) => a.tier.localeCompare(b.tier));
    expect(byTier(liveRenditions).map((r) => [r.tier, r.bitrateKbps])).toEqual([
      ['high', 320],
      ['medium', 192],
    ]);
    for (const [index, rendition] of byTier(liveRenditions).entries()) {
      const other = byTier(jobRenditions)[index];
      expect(rendition.bitrateKbps).toBe(other?.bitrateKbps);
      // Within one MP3 frame (1152 samples at 44.1 kHz); ffmpeg decodes a pipe as it does a file.
      expect(Math.abs((rendition.durationSeconds ?? 0) - (other?.durationSeconds ?? 0))).toBeLessThan(
        1152 / 44100,
      );
      expect(rendition.bytes).toBe(other?.bytes);
    }
    for (const key of ['peaksKey', 'peaksDetailKey'] as const) {
      const [a, b] = [liveTrack[key], jobTrack[key]];
      if (!a || !b) throw new Error(`no ${key}`);
      expect(JSON.parse((await objects.bytes(a)).toString())).toEqual(
        JSON.parse((await objects.bytes(b)).toString()),
      );
    }

    // The job queued behind the live path as a safety net sees the result and does nothing.
    await processTrackHandler({ db, s3: s3.client, bucket: s3.bucket, log: silent })(
      { trackId: liveTrack.id },
      { jobId: 'safety-net', retryCount: 0, signal: new AbortController().signal },
    );
    expect((await settledTrack(db, liveKey)).updatedAt).toEqual(liveTrack.updatedAt);
  });

  it('gives up when the upload continues on another process, and the job makes the track ready', async () => {
    const key = await uploadInParts({ base, cookie, tus, bytes: flac, fields: fields('moved.flac') }, [
      { bytes: third() },
      { bytes: flac.length, direct: true },
    ]);
    expect(await outcomes.of(key)).toMatchObject({
      result: 'abandoned',
      reason: expect.stringMatching(/spool holds/),
    });
    expect(await settledTrack(db, key)).toMatchObject({ status: 'ready', title: 'Live Mix' });
  });

  it('gives up at a PATCH whose offset is not the spool length (a gap), and the job makes the track ready', async () => {
    const created = await tusCreate(base, cookie, flac.length, fields('gap.flac'));
    const location = created.headers.get('location') ?? '';
    const key = `originals/${location.split('/').pop()}`;
    expect((await tusPatch(base, cookie, location, 0, flac.subarray(0, third()))).status).toBe(204);
    const wrong = await tusPatch(base, cookie, location, third() + 1, flac.subarray(third() + 1));
    expect(wrong.status).toBe(409);
    expect(await outcomes.of(key)).toMatchObject({
      result: 'abandoned',
      reason: expect.stringMatching(/continued at/),
    });
    expect((await tusPatch(base, cookie, location, third(), flac.subarray(third()))).status).toBe(204);
    expect(await settledTrack(db, key)).toMatchObject({ status: 'ready' });
  });

  it('leaves an M4A (its index may sit at the end) to the job', async () => {
    const m4a = path.join(dir, 'set.m4a');
    await run('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'sine=f=440:d=5',
      '-c:a',
      'aac',
      '-b:a',
      '256k',
      m4a,
    ]);
    const bytes = await readFile(m4a);
    const key = await uploadInParts(
      { base, cookie, tus, bytes, fields: { ...fields('set.m4a'), filetype: 'audio/mp4' } },
      [{ bytes: bytes.length }],
    );
    expect(await outcomes.of(key)).toMatchObject({
      result: 'abandoned',
      reason: expect.stringMatching(/MP4\/M4A/),
    });
    expect(await settledTrack(db, key)).toMatchObject({ status: 'ready' });
  });

  it('gives up when the encoder fails on a damaged FLAC; the job fails it too, nothing is ever ready', async () => {
    const damaged = Buffer.from(flac);
    const middle = Math.floor(damaged.length / 2);
    for (let i = 0; i < 64 * 1024; i++) damaged[middle + i] = (i * 151 + 7) & 0xff;
    const file = path.join(dir, 'damaged.flac');
    await writeFile(file, damaged);
    const key = await uploadInParts({ base, cookie, tus, bytes: damaged, fields: fields('damaged.flac') }, [
      { bytes: damaged.length },
    ]);
    const outcome = await outcomes.of(key);
    expect(outcome).toMatchObject({
      result: 'abandoned',
      reason: expect.stringMatching(/encoder failed|damaged/),
    });
    expect(await settledTrack(db, key)).toMatchObject({ status: 'failed' });
  });
});
