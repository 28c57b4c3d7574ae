import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DeleteObjectCommand } from '@aws-sdk/client-s3';
import { createMusicSet, findUserByEmail, listCuePoints, listRenditions, schema } from '@party/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { processTrackHandler } from '../src/worker/processors/process-track';
import { sweepOrphans } from '../src/worker/processors/sweep-orphans';
import { startWorker } from '../src/worker/start-worker';
import { bucketObjects } from './bucket-objects';
import { addFlacCueSheet } from './flac-cuesheet';
import { useTestApp } from './test-app';
import { tusUpload } from './tus-client';

const run = promisify(execFile);
const { db, s3, jobs, signIn, listen } = await useTestApp({ uploadLimits: { concurrentPerAdmin: 20 } });
const base = await listen();
const silent = { info: () => {}, warn: () => {}, error: () => {} };

const admin = await findUserByEmail(db, 'admin@demo.local');
if (!admin) throw new Error('demo admin missing');
const set = await createMusicSet(db, { title: 'Sunrise', artist: 'DJ Test', createdBy: admin.id });
const dir = await mkdtemp(path.join(tmpdir(), 'party-music-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

let cookie = '';
beforeAll(async () => {
  cookie = await signIn('admin@demo.local');
});

/** A stereo 44.1/16 recording: quiet tone with a loud burst at 4–6 s, and tags (unless untagged). */
async function writeFlac(name: string, seconds = 10, tagged = true, extra: string[] = []) {
  const file = path.join(dir, name);
  await run('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `sine=f=220:d=${seconds}:sample_rate=44100`,
    '-af',
    "volume='if(between(t,4,6),1,0.05)':eval=frame",
    '-ac',
    '2',
    '-sample_fmt',
    's16',
    ...(tagged ? ['-metadata', 'title=Opening Mix', '-metadata', 'artist=DJ Tag'] : []),
    ...extra,
    file,
  ]);
  return file;
}

async function upload(file: string, filetype = 'audio/flac') {
  const key = await tusUpload(base, cookie, await readFile(file), {
    kind: 'audio',
    setId: set.id,
    filename: path.basename(file),
    filetype,
  });
  const [track] = await db.select().from(schema.tracks).where(eq(schema.tracks.originalKey, key));
  if (!track) throw new Error(`no track row for ${key}`);
  return track;
}

function settled(trackId: string) {
  return vi.waitFor(
    async () => {
      const [track] = await db.select().from(schema.tracks).where(eq(schema.tracks.id, trackId));
      if (!track || track.status === 'processing') throw new Error(`track ${trackId} not processed yet`);
      return track;
    },
    { timeout: 90_000, interval: 200 },
  );
}

const objects = bucketObjects(s3);
const objectText = async (key: string) => (await objects.bytes(key)).toString('utf8');

describe('music pipeline: tus upload, processing job, S3', () => {
  it('a worker killed mid-encode leaves nothing behind, and the retry finishes the track', async () => {
    // Runs before the worker starts, so only this test's handler touches the job.
    const track = await upload(await writeFlac('killed.flac', 60));
    const handler = processTrackHandler({ db, s3: s3.client, bucket: s3.bucket, log: silent });
    const controller = new AbortController();
    const before = new Set(await readdir(tmpdir()));
    const interrupted = handler(
      { trackId: track.id },
      { jobId: 'a', retryCount: 0, signal: controller.signal },
    );
    // Abort once encoding has started.
    await vi.waitFor(
      async () => {
        const [row] = await db.select().from(schema.tracks).where(eq(schema.tracks.id, track.id));
        expect(row?.stage).toBe('encoding');
      },
      { timeout: 10_000, interval: 50 },
    );
    controller.abort();
    await expect(interrupted).rejects.toBeDefined();
    const leftovers = (await readdir(tmpdir())).filter(
      (name) => name.startsWith('party-track-') && !before.has(name),
    );
    expect(leftovers).toEqual([]);
    expect(await listRenditions(db, [track.id])).toEqual([]);
    const [afterKill] = await db.select().from(schema.tracks).where(eq(schema.tracks.id, track.id));
    expect(afterKill?.status).toBe('processing');

    await handler({ trackId: track.id }, { jobId: 'a', retryCount: 1, signal: new AbortController().signal });
    expect((await settled(track.id)).status).toBe('ready');
  });

  it('encodes both MP3 tiers, stores peaks and loudness, prefills title and artist; the sweep names lost objects', async () => {
    await startWorker({ db, s3: s3.client, bucket: s3.bucket, jobs, log: silent });
    const track = await settled((await upload(await writeFlac('opening.flac'))).id);
    expect(track).toMatchObject({
      status: 'ready',
      progress: 100,
      title: 'Opening Mix',
      artist: 'DJ Tag',
      lossless: true,
      sampleRate: 44100,
      bitDepth: 16,
      channels: 2,
      streamOriginal: false,
    });
    expect(track.durationSeconds).toBeCloseTo(10, 1);
    expect(track.loudnessLufs).toEqual(expect.any(Number));
    // A sine at full scale from ffmpeg's lavfi: the true peak is stored beside the loudness.
    expect(track.truePeakDb).toEqual(expect.any(Number));
    expect(track.sha256).toMatch(/^[0-9a-f]{64}$/);

    const renditions = await listRenditions(db, [track.id]);
    expect(renditions.map((r) => [r.tier, r.codec, r.bitrateKbps]).sort()).toEqual([
      ['high', 'mp3', 320],
      ['medium', 'mp3', 192],
    ]);
    for (const rendition of renditions) {
      expect(rendition.key).toBe(`derived/tracks/${track.id}/${rendition.tier}.mp3`);
      expect(Math.abs((rendition.durationSeconds ?? 0) - 10)).toBeLessThan(0.05);
    }

    const peaks = JSON.parse(await objectText(track.peaksKey ?? ''));
    expect(peaks.overview.data.length).toBeGreaterThan(100);
    // The burst at 4–6 s of 10 s: the loudest overview peaks sit in the middle fifth.
    const maxima = peaks.overview.data.filter((_: number, i: number) => i % 2 === 1) as number[];
    const loudest = maxima.indexOf(Math.max(...maxima)) / maxima.length;
    expect(loudest).toBeGreaterThan(0.38);
    expect(loudest).toBeLessThan(0.62);
    // The overview file carries no detail data; the detail level is a file of its own.
    expect(peaks.version).toBe(2);
    expect(peaks.detail.data).toBeUndefined();
    expect(track.peaksDetailKey).toBe(`derived/tracks/${track.id}/peaks-detail.json`);
    const detail = JSON.parse(await objectText(track.peaksDetailKey ?? ''));
    expect(detail.samplesPerPeak).toBe(peaks.detail.samplesPerPeak);
    expect(Math.abs(detail.data.length / 2 - (10 * 44100) / detail.samplesPerPeak)).toBeLessThan(2);

    // The storage sweep names a ready track whose objects went missing, whichever object it was.
    const medium = renditions.find((r) => r.tier === 'medium')?.key ?? '';
    for (const key of [track.peaksDetailKey ?? '', medium]) {
      await s3.client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: key }));
    }
    const report = await sweepOrphans(
      { db, s3: s3.client, bucket: s3.bucket, log: silent },
      { dryRun: true },
    );
    expect(
      report.missing.filter((m) => m.id === track.id).sort((a, b) => a.key.localeCompare(b.key)),
    ).toEqual([
      { kind: 'track', id: track.id, key: medium },
      { kind: 'track', id: track.id, key: track.peaksDetailKey },
    ]);
  });

  it('titles an untagged file from its name, without the extension', async () => {
    const track = await settled((await upload(await writeFlac('Sunrise_Closing_Set.flac', 2, false))).id);
    expect(track.status).toBe('ready');
    expect(track.title).toBe('Sunrise Closing Set');
    expect(track.artist).toBeNull();
  });

  it('ends a truncated FLAC and a text file named .flac as failed with a reason', async () => {
    const good = await readFile(await writeFlac('whole.flac', 8));
    await writeFile(path.join(dir, 'truncated.flac'), good.subarray(0, Math.floor(good.length / 2)));
    await writeFile(path.join(dir, 'readme.flac'), 'This is not audio, just a note.\n'.repeat(100));
    const results = [];
    for (const name of ['truncated.flac', 'readme.flac']) {
      results.push(await settled((await upload(path.join(dir, name))).id));
    }
    for (const track of results) {
      expect(track.status, track.originalName).toBe('failed');
      expect(track.failureReason, track.originalName).toMatch(/\w+ \w+ \w+/);
    }
    expect(
      await listRenditions(
        db,
        results.map((t) => t.id),
      ),
    ).toEqual([]);
  });

  it('prefills an empty tracklist from Vorbis CHAPTERxx comments and from a FLAC CUESHEET block', async () => {
    const cues = async (trackId: string) =>
      (await listCuePoints(db, [trackId])).map(({ startSeconds, artist, title }) => [
        startSeconds,
        artist,
        title,
      ]);
    const vorbis = await writeFlac('vorbis-chapters.flac', 10, true, [
      '-metadata',
      'CHAPTER001=00:00:00.000',
      '-metadata',
      'CHAPTER001NAME=Intro',
      '-metadata',
      'CHAPTER002=00:00:04.500',
      '-metadata',
      'CHAPTER002NAME=Artist B - Second Song',
    ]);
    const cueSheet = await writeFlac('cuesheet-block.flac', 10, false);
    await addFlacCueSheet(cueSheet, [0, 3 * 44_100, 7 * 44_100], 10 * 44_100);

    const fromVorbis = await settled((await upload(vorbis)).id);
    expect(fromVorbis.status).toBe('ready');
    expect(await cues(fromVorbis.id)).toEqual([
      [0, null, 'Intro'],
      [4.5, 'Artist B', 'Second Song'],
    ]);
    // A CUESHEET block has no titles: the entries are numbered.
    const fromBlock = await settled((await upload(cueSheet)).id);
    expect(fromBlock.status).toBe('ready');
    expect(await cues(fromBlock.id)).toEqual([
      [0, null, 'Track 01'],
      [3, null, 'Track 02'],
      [7, null, 'Track 03'],
    ]);
  });

  it('prefills an empty tracklist from the ID3 CHAP frames of an MP3', async () => {
    // ffmpeg's MP3 muxer writes the chapters of an ffmetadata file as ID3v2 CHAP frames (with a
    // CTOC), each titled by a TIT2 sub-frame: what podcast and mix tools write.
    const metadata = path.join(dir, 'chapters.ffmeta');
    await writeFile(
      metadata,
      [
        ';FFMETADATA1',
        'title=Chapter Mix',
        'artist=DJ Tag',
        '',
        '[CHAPTER]',
        'TIMEBASE=1/1000',
        'START=0',
        'END=3500',
        'title=Intro',
        '',
        '[CHAPTER]',
        'TIMEBASE=1/1000',
        'START=3500',
        'END=10000',
        'title=Artist C - Third Song',
        '',
      ].join('\n'),
    );
    const mp3 = path.join(dir, 'id3-chapters.mp3');
    await run('ffmpeg', [
      ...['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=f=220:d=10:sample_rate=44100', '-i', metadata],
      ...['-map', '0:a', '-map_metadata', '1', '-map_chapters', '1', '-ac', '2'],
      ...['-c:a', 'libmp3lame', '-b:a', '320k', '-id3v2_version', '3', mp3],
    ]);
    const bytes = await readFile(mp3);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('ID3\x03');
    expect(bytes.indexOf('CHAP')).toBeGreaterThan(0);

    const track = await settled((await upload(mp3, 'audio/mpeg')).id);
    expect(track.status).toBe('ready');
    expect(track.title).toBe('Chapter Mix');
    const cues = (await listCuePoints(db, [track.id])).map(({ startSeconds, artist, title }) => [
      startSeconds,
      artist,
      title,
    ]);
    expect(cues).toEqual([
      [0, null, 'Intro'],
      [3.5, 'Artist C', 'Third Song'],
    ]);
  });
});
