/**
 * Upload to playable: seconds from the response to the last PATCH of a long FLAC (tus through the
 * real server's `/files`) until its track is `ready`, with encoding while uploading
 * (LIVE_ENCODE=on) against post-upload processing (LIVE_ENCODE=off, the baseline) in the same run,
 * each at a throttled 10 MB/s (a fast venue uplink) and unthrottled.
 *
 *   node --import tsx bench/uploads/upload-to-playable.bench.ts   # BENCH_SET_MINUTES=60 BENCH_RUNS=1
 *
 * One server process at a time, started as `npm start` starts it (ROLE=all: the worker runs in the
 * same process, as on the one small production server), against an S3 emulator in this process.
 * The FLAC is 44.1 kHz / 16-bit stereo that compresses like music (see writeSetFlac).
 */

import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { request } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { type RunningS3Emulator, startS3Emulator } from '../../packages/dev-services/src/s3-emulator';
import { type ServerProcess, startServerProcess } from '../../packages/testing/src/server-process';
import { signInApi, trpcMutation, trpcQuery } from '../../tests/e2e/member-helpers';
import { benchList, benchNumber, inheritedEnv } from '../support/env';
import { median, round } from '../support/measure';
import { type BenchResult, benchWorkDir, reportResults, withCleanup } from '../support/run';

const DEMO_PASSWORD = 'bench-password-1';
const BUCKET = 'bench-playable';
/** 10 MB/s, in bytes (MB = 10^6 here, as uplinks are sold). */
const THROTTLE_BYTES_PER_SECOND = 10_000_000;
const POLL_MS = 100;

const minutes = benchNumber('BENCH_SET_MINUTES', 60);
const runs = benchNumber('BENCH_RUNS', 1, { integer: true });
/** `throttled,unthrottled` by default; BENCH_SPEEDS=throttled for a quicker long run. */
const speedsWanted = benchList('BENCH_SPEEDS', ['throttled', 'unthrottled']);
/** Lengths other than the default hour get result files of their own. */
const suffix = minutes === 60 ? '' : `-${minutes}min`;
const b64 = (value: string) => Buffer.from(value).toString('base64');

/** One PATCH with the whole file, paced to `rate` bytes/s (unpaced without). Resolves at its response. */
function patchFile(url: string, cookie: string, file: string, size: number, rate?: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      method: 'PATCH',
      headers: {
        cookie,
        'tus-resumable': '1.0.0',
        'upload-offset': '0',
        'content-type': 'application/offset+octet-stream',
        'content-length': String(size),
      },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    const source = createReadStream(file, { highWaterMark: 256 * 1024 });
    const start = performance.now();
    let sent = 0;
    source.on('error', reject);
    // Paced by the clock: after each chunk, wait until the bytes sent so far are due at `rate`.
    const due = () => (rate ? start + (sent / rate) * 1000 - performance.now() : 0);
    source.on('data', (chunk) => {
      sent += chunk.length;
      const drained = req.write(chunk);
      if (drained && due() <= 0) return;
      source.pause();
      const waitDrain = drained ? Promise.resolve() : new Promise((done) => req.once('drain', done));
      void waitDrain.then(() => sleep(Math.max(0, due()))).then(() => source.resume());
    });
    source.on('end', () => req.end());
  });
}

/**
 * A stereo 44.1 kHz / 16-bit FLAC that compresses like music (~1,100 kbps, ~490 MB an hour): a low
 * tone under independent pink noise per channel, with a loud 20-second burst every five minutes.
 */
async function writeSetFlac(file: string, seconds: number) {
  await promisify(execFile)('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `sine=f=110:d=${seconds}:sample_rate=44100`,
    '-f',
    'lavfi',
    '-i',
    `anoisesrc=d=${seconds}:c=pink:r=44100:a=0.3:seed=1`,
    '-f',
    'lavfi',
    '-i',
    `anoisesrc=d=${seconds}:c=pink:r=44100:a=0.3:seed=2`,
    '-filter_complex',
    "[1][2]join=inputs=2:channel_layout=stereo[n];[0]aformat=channel_layouts=stereo[s];[s][n]amix=inputs=2:normalize=0,volume='if(lt(mod(t\\,300)\\,20)\\,1\\,0.5)':eval=frame",
    '-sample_fmt',
    's16',
    '-metadata',
    'title=Bench Set',
    file,
  ]);
}

interface SetTrack {
  originalKey: string;
  status: string;
}

async function uploadToPlayable(
  server: ServerProcess,
  cookie: string,
  setId: string,
  file: string,
  size: number,
  rate: number | undefined,
): Promise<{ uploadSeconds: number; playableSeconds: number }> {
  const created = await fetch(`${server.url}/files`, {
    method: 'POST',
    headers: {
      cookie,
      'tus-resumable': '1.0.0',
      'upload-length': String(size),
      'upload-metadata': [
        `kind ${b64('audio')}`,
        `setId ${b64(setId)}`,
        `filename ${b64('set.flac')}`,
        `filetype ${b64('audio/flac')}`,
      ].join(','),
    },
  });
  const location = created.headers.get('location') ?? '';
  if (created.status !== 201 || !location) throw new Error(`tus create failed: ${created.status}`);
  const key = `originals/${location.split('/').pop()}`;
  const start = performance.now();
  const status = await patchFile(new URL(location, server.url).href, cookie, file, size, rate);
  const answered = performance.now();
  if (status !== 204) throw new Error(`tus PATCH answered ${status}:\n${server.output()}`);
  for (;;) {
    const set = await trpcQuery<{ tracks: SetTrack[] }>(server.url, cookie, 'admin.musicSets.byId', {
      id: setId,
    });
    const track = set.tracks.find((t) => t.originalKey === key);
    if (track?.status === 'ready') break;
    if (track && track.status !== 'processing')
      throw new Error(`track ended ${track.status}:\n${server.output()}`);
    await sleep(POLL_MS);
  }
  return { uploadSeconds: (answered - start) / 1000, playableSeconds: (performance.now() - answered) / 1000 };
}

async function main(): Promise<void> {
  const { work, dataDir, serverTmp } = await benchWorkDir('playable-bench-');
  let emulator: RunningS3Emulator | undefined;
  let server: ServerProcess | undefined;
  const cleanup = async () => {
    await server?.stop().catch((error) => console.error('stopping the server:', error));
    await emulator?.stop().catch((error) => console.error('stopping the emulator:', error));
    await rm(work, { recursive: true, force: true });
  };

  await withCleanup(cleanup, async () => {
    const load = loadavg()[0]?.toFixed(2);
    const file = join(work, 'set.flac');
    const made = performance.now();
    await writeSetFlac(file, minutes * 60);
    const { size } = await stat(file);
    const mb = size / 1e6;
    console.log(
      `upload to playable: ${minutes} min FLAC (${mb.toFixed(0)} MB, made in ${((performance.now() - made) / 1000).toFixed(0)} s), ` +
        `${runs} run(s), ${cpus().length} cores, load ${load}`,
    );
    emulator = await startS3Emulator({ directory: join(work, 's3'), bucket: BUCKET });

    const modes = ['on', 'off'] as const;
    const speeds = [
      { name: 'throttled', rate: THROTTLE_BYTES_PER_SECOND },
      { name: 'unthrottled', rate: undefined },
    ].filter((speed) => speedsWanted.includes(speed.name));
    const seconds: Record<string, number[]> = {};
    const uploads: Record<string, number[]> = {};
    for (const live of modes) {
      server = await startServerProcess({
        inherit: inheritedEnv,
        dataDir,
        s3: emulator.config,
        env: {
          DEMO_PASSWORD,
          ROLE: 'all',
          LIVE_ENCODE: live,
          UPLOAD_MAX_AUDIO_MB: '8192',
          TMPDIR: serverTmp,
        },
      });
      const cookie = await signInApi(server.url, 'admin@demo.local', DEMO_PASSWORD);
      const { id: setId } = await trpcMutation<{ id: string }>(server.url, cookie, 'admin.musicSets.create', {
        title: `Bench live ${live}`,
        artist: 'Bench',
      });
      for (let run = 0; run < runs; run++) {
        for (const speed of speeds) {
          const label = `${speed.name}-${live}`;
          const result = await uploadToPlayable(server, cookie, setId, file, size, speed.rate);
          seconds[label] = [...(seconds[label] ?? []), result.playableSeconds];
          uploads[label] = [...(uploads[label] ?? []), result.uploadSeconds];
          console.log(
            `  LIVE_ENCODE=${live} ${speed.name}: upload ${result.uploadSeconds.toFixed(1)} s ` +
              `(${(mb / result.uploadSeconds).toFixed(1)} MB/s), playable ${result.playableSeconds.toFixed(1)} s after the last byte`,
          );
          await sleep(2000);
        }
      }
      for (const line of server.output().split('\n')) {
        if (/encoded while uploading|live encoding abandoned/.test(line))
          console.log(`    server: ${line.slice(0, 400)}`);
      }
      await server.stop();
      server = undefined;
    }

    const results: BenchResult[] = speeds.map((speed) => {
      const value = median(seconds[`${speed.name}-on`] ?? []);
      const baseline = median(seconds[`${speed.name}-off`] ?? []);
      return {
        name: `upload-to-playable${speed.name === 'throttled' ? '' : '-unthrottled'}${suffix}`,
        metric: `seconds from the last PATCH's response to ready, ${minutes}-minute 44.1/16 FLAC via tus, ${speed.name === 'throttled' ? '10 MB/s' : 'unthrottled'}`,
        unit: 's',
        value: round(value),
        baseline: round(baseline),
        ratio: round(value / baseline),
        better: 'lower' as const,
        runs,
        notes:
          `value: LIVE_ENCODE=on (encoding while the upload arrives); baseline: LIVE_ENCODE=off (today's ` +
          `post-upload job) in the same run; one server process, ROLE=all, local S3 emulator; ` +
          `${(size / 1e6).toFixed(0)} MB file; ${cpus().length} cores, load ${load} at start; target <= 5 s throttled`,
        minutes,
        bytes: size,
        uploadSeconds: {
          live: round(median(uploads[`${speed.name}-on`] ?? [])),
          baseline: round(median(uploads[`${speed.name}-off`] ?? [])),
        },
      };
    });
    await reportResults(results);
  });
}

await main();
