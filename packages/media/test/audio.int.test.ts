import { copyFile, mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFile } from 'music-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AudioFacts,
  type AudioPlan,
  type ProcessedAudio,
  planRenditions,
  probeAudio,
  processAudio,
} from '../src/audio';
import { readMp3Info } from '../src/audio/mp3-info';
import { MediaError } from '../src/errors';
import {
  burstSource,
  decodedSamples,
  ffmpeg,
  ffmpegProcessesMentioning,
  measureLoudness,
  measureTruePeak,
  mp3FrameBitrates,
  musicSource,
  pcmMd5,
} from './audio-fixtures';

let dir: string;
const media = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'audio-int-'));
  // Sources are short: seconds of audio encode in well under a second per tier.
  await Promise.all([
    ffmpeg([...burstSource(30, 10, 12), '-c:a', 'flac', '-sample_fmt', 's16', media('burst.flac')]),
    ffmpeg([...musicSource(20), '-c:a', 'pcm_s16le', media('music.wav')]),
    ffmpeg([...musicSource(12, 96_000), '-c:a', 'flac', '-sample_fmt', 's32', media('hires.flac')]),
    ffmpeg([...musicSource(8, 96_000), '-c:a', 'pcm_s24le', media('hires.wav')]),
    ffmpeg([...musicSource(20), '-c:a', 'libmp3lame', '-b:a', '192k', media('source-192.mp3')]),
    ffmpeg([...musicSource(60), '-c:a', 'flac', media('long.flac')]),
    writeFile(media('notes.flac'), 'Tracklist\n00:00 Artist - Title\n'),
    writeFile(media('empty.flac'), ''),
  ]);
  // An upload cut off mid-frame, half way (silence compresses to almost nothing: the cut lands in the tone).
  await copyFile(media('burst.flac'), media('truncated.flac'));
  await truncate(media('truncated.flac'), Math.floor((await stat(media('burst.flac'))).size / 2));
  // One cut off at a frame boundary decodes cleanly, only shorter than its STREAMINFO says:
  // declare 4096 samples more than there are.
  const flac = await readFile(media('burst.flac'));
  const field = flac.readBigUInt64BE(18);
  const samples = field & 0xfffffffffn;
  flac.writeBigUInt64BE((field & ~0xfffffffffn) | (samples + 4096n), 18);
  await writeFile(media('short.flac'), flac);
}, 120_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function ingest(name: string): Promise<{ facts: AudioFacts; plan: AudioPlan; result: ProcessedAudio }> {
  const facts = await probeAudio(media(name));
  const plan = planRenditions(facts);
  const result = await processAudio({ inputPath: media(name), outputDir: media(`${name}.out`), plan });
  return { facts, plan, result };
}

async function expectCbrMp3(path: string, kbps: number, sourceSeconds: number, sampleRate: number) {
  const bitrates = await mp3FrameBitrates(path);
  expect(bitrates.length).toBeGreaterThan(100);
  expect(new Set(bitrates)).toEqual(new Set([kbps]));
  const file = await readFile(path);
  const info = await readMp3Info(async (offset, length) => file.subarray(offset, offset + length));
  expect(info?.tag).toBe('Info'); // LAME's CBR tag; VBR files carry `Xing`
  const { format } = await parseFile(path);
  expect(format).toMatchObject({ codecProfile: 'CBR', bitrate: kbps * 1000, sampleRate });
  const decoded = (await decodedSamples(path)) / sampleRate;
  expect(Math.abs(decoded - sourceSeconds)).toBeLessThan(0.05);
}

async function expectRejected(promise: Promise<unknown>, code: MediaError['code'], reason: RegExp) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MediaError);
  expect(error).toMatchObject({ code, message: expect.stringMatching(reason) });
}

describe('audio ingest', () => {
  it('encodes a 44.1/16 FLAC into CBR tiers with peaks that show the tone burst and its loudness', async () => {
    const { facts, plan, result } = await ingest('burst.flac');
    expect(facts).toMatchObject({
      mime: 'audio/flac',
      container: 'FLAC',
      lossless: true,
      durationSeconds: 30,
      sampleRate: 44_100,
      bitDepth: 16,
      channels: 2,
    });
    expect(plan.defaultStream).toBe('medium');
    expect(result.renditions.map((r) => [r.tier, r.codec, r.bitrateKbps])).toEqual([
      ['high', 'mp3', 320],
      ['medium', 'mp3', 192],
    ]);
    for (const rendition of result.renditions) {
      await expectCbrMp3(rendition.path, rendition.bitrateKbps ?? 0, 30, 44_100);
      expect(Math.abs(rendition.durationSeconds - 30)).toBeLessThan(0.05);
      expect(rendition.bytes).toBeGreaterThan(((rendition.bitrateKbps ?? 0) * 1000 * 30) / 8 - 1);
    }

    const { peaks } = result;
    expect(peaks).toMatchObject({ version: 1, layout: 'minmax-interleaved', sampleRate: 44_100 });
    expect(peaks.durationSeconds).toBeCloseTo(30, 2);
    for (const level of [peaks.overview, peaks.detail]) {
      const pairs = Math.ceil((30 * peaks.sampleRate) / level.samplesPerPeak);
      expect(level.data).toHaveLength(2 * pairs);
      expect(pairs).toBeLessThanOrEqual(2000);
      expect(pairs).toBeGreaterThan(1990);
      for (const value of level.data) {
        expect(Math.abs(value)).toBeLessThanOrEqual(1);
        expect(Math.round(value * 1000) / 1000).toBe(value);
      }
      // Loud inside the burst, silent outside it (a little margin for the resampler's ringing).
      const secondsPerPair = level.samplesPerPeak / peaks.sampleRate;
      for (let pair = 0; pair < pairs; pair++) {
        const [start, end] = [pair * secondsPerPair, (pair + 1) * secondsPerPair];
        const min = level.data[2 * pair] ?? Number.NaN;
        const max = level.data[2 * pair + 1] ?? Number.NaN;
        if (start >= 10.05 && end <= 11.95) {
          expect(max).toBeCloseTo(0.5, 1);
          expect(min).toBeCloseTo(-0.5, 1);
        } else if (end <= 9.95 || start >= 12.05) {
          expect([Math.abs(min), Math.abs(max)]).toEqual([0, 0]);
        }
      }
    }

    expect(result.loudnessLufs).not.toBeNull();
    expect(Number.isFinite(result.loudnessLufs)).toBe(true);
    expect(
      Math.abs((result.loudnessLufs ?? 0) - (await measureLoudness(media('burst.flac')))),
    ).toBeLessThanOrEqual(0.1);
    // The burst is a tone at half scale: its true peak is about -6 dBTP, measured in the same pass.
    expect(result.truePeakDb).not.toBeNull();
    expect(
      Math.abs((result.truePeakDb ?? 0) - (await measureTruePeak(media('burst.flac')))),
    ).toBeLessThanOrEqual(0.1);
    expect(result.truePeakDb ?? 0).toBeLessThan(-5);
  });

  it('gives a WAV a FLAC copy that decodes to the identical PCM', async () => {
    const { facts, result } = await ingest('music.wav');
    expect(facts).toMatchObject({ container: 'WAVE', codec: 'PCM', lossless: true, bitDepth: 16 });
    expect(result.renditions.map((r) => r.tier)).toEqual(['high', 'medium', 'flac']);
    const flac = result.renditions.find((r) => r.tier === 'flac');
    if (!flac) throw new Error('no FLAC copy');
    expect(flac).toMatchObject({ codec: 'flac', bitrateKbps: null });
    expect(flac.durationSeconds).toBeCloseTo(20, 3);
    expect(await pcmMd5(flac.path)).toBe(await pcmMd5(media('music.wav')));
    await expectCbrMp3(result.renditions[0]?.path ?? '', 320, 20, 44_100);
  });

  it('keeps 24 bits in the FLAC copy of a 96/24 WAV', async () => {
    const { facts, result } = await ingest('hires.wav');
    // music-metadata calls WAVE_FORMAT_EXTENSIBLE "non-PCM"; the header says otherwise.
    expect(facts).toMatchObject({ codec: 'PCM', lossless: true, bitDepth: 24, sampleRate: 96_000 });
    const flac = result.renditions.find((r) => r.tier === 'flac');
    if (!flac) throw new Error('no FLAC copy');
    expect((await parseFile(flac.path)).format).toMatchObject({ bitsPerSample: 24, sampleRate: 96_000 });
    expect(await pcmMd5(flac.path)).toBe(await pcmMd5(media('hires.wav')));
  });

  it('encodes a 96/24 FLAC into CBR tiers at 48 kHz', async () => {
    const { facts, result } = await ingest('hires.flac');
    expect(facts).toMatchObject({ lossless: true, bitDepth: 24, sampleRate: 96_000, durationSeconds: 12 });
    expect(result.renditions.map((r) => r.tier)).toEqual(['high', 'medium']);
    for (const rendition of result.renditions) {
      await expectCbrMp3(rendition.path, rendition.bitrateKbps ?? 0, 12, 48_000);
    }
    expect(result.decodedSeconds).toBeCloseTo(12, 2);
  });

  it('gives an MP3 192 source no 320 tier, and copies its frames rather than re-encoding them', async () => {
    const { facts, plan, result } = await ingest('source-192.mp3');
    expect(facts).toMatchObject({ lossless: false, bitDepth: null, bitrate: 192_000, codecProfile: 'CBR' });
    expect(facts.durationSeconds).toBeCloseTo(20, 3); // gapless, from the LAME tag
    expect(plan.skipped.map((s) => s.tier)).toEqual(['high']);
    expect(result.renditions.map((r) => r.tier)).toEqual(['medium']);
    const medium = result.renditions[0]?.path ?? '';
    await expectCbrMp3(medium, 192, 20, 44_100);
    expect(await pcmMd5(medium)).toBe(await pcmMd5(media('source-192.mp3')));
    expect(result.loudnessLufs).not.toBeNull();
  });

  it('refuses a FLAC cut off mid-file and leaves nothing behind', async () => {
    const facts = await probeAudio(media('truncated.flac'));
    const outputDir = media('truncated.out');
    await expectRejected(
      processAudio({ inputPath: media('truncated.flac'), outputDir, plan: planRenditions(facts) }),
      'corrupt',
      /damaged or cut off/,
    );
    expect(await readdir(outputDir)).toEqual([]);
  });

  it('refuses a FLAC that decodes shorter than it declares', async () => {
    const facts = await probeAudio(media('short.flac'));
    const outputDir = media('short.out');
    await expectRejected(
      processAudio({ inputPath: media('short.flac'), outputDir, plan: planRenditions(facts) }),
      'corrupt',
      /declares 30\.\d\d s of audio but only 30\.00 s could be decoded/,
    );
    expect(await readdir(outputDir)).toEqual([]);
  });

  it('refuses a WAV cut off mid-file before encoding anything', async () => {
    await copyFile(media('music.wav'), media('cut.wav'));
    await truncate(media('cut.wav'), 1_000_000);
    await expectRejected(
      probeAudio(media('cut.wav')),
      'corrupt',
      /incomplete.*promises 20\.0 s.*only 5\.7 s/,
    );
  });

  it('refuses a text file named .flac and a zero-byte file, with a reason', async () => {
    await expectRejected(probeAudio(media('notes.flac')), 'unsupported', /not an audio recording/);
    await expectRejected(probeAudio(media('empty.flac')), 'empty', /empty \(0 bytes\)/);
  });

  it('kills ffmpeg on abort, leaves no partial files, and a retry then succeeds', async () => {
    const plan = planRenditions(await probeAudio(media('long.flac')));
    const outputDir = media('long.out');
    const controller = new AbortController();
    const progress: number[] = [];
    const aborted = processAudio({
      inputPath: media('long.flac'),
      outputDir,
      plan,
      signal: controller.signal,
      onProgress: (percent) => {
        progress.push(percent);
        if (percent > 0) controller.abort();
      },
    });
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    expect(progress.at(-1)).toBeLessThan(100);
    expect(await readdir(outputDir)).toEqual([]);
    expect(await ffmpegProcessesMentioning(outputDir)).toEqual([]);

    const stages: string[] = [];
    const retry = await processAudio({
      inputPath: media('long.flac'),
      outputDir,
      plan,
      onProgress: (_, stage) => {
        stages.push(stage);
      },
    });
    expect((await readdir(outputDir)).sort()).toEqual(['high.mp3', 'medium.mp3']);
    expect(retry.decodedSeconds).toBeCloseTo(60, 2);
    expect(stages.at(-1)).toBe('finalizing');
  });

  it('fails with a plain error, not a MediaError, when ffmpeg fails for a reason other than the input', async () => {
    const plan = planRenditions(await probeAudio(media('burst.flac')));
    // A plan LAME cannot follow: the fault is ours, not the file's.
    const broken: AudioPlan = {
      ...plan,
      renditions: plan.renditions.map((r) => (r.tier === 'high' ? { ...r, sampleRate: 12_345 } : r)),
    };
    const outputDir = media('broken.out');
    const error = await processAudio({ inputPath: media('burst.flac'), outputDir, plan: broken }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(MediaError);
    expect(String(error)).toMatch(/ffmpeg failed for high\.mp3/);
    expect(await readdir(outputDir)).toEqual([]);
  });
});
