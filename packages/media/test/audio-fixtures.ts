import { execFile } from 'node:child_process';
import { readdir, readFile, readlink } from 'node:fs/promises';
import { promisify } from 'node:util';
import { id3v2Size, parseMp3FrameHeader } from '../src/audio/mp3-info';

const run = promisify(execFile);

/** Runs ffmpeg quietly; resolves with its stderr (where it reports). */
export async function ffmpeg(args: string[]): Promise<string> {
  const { stderr } = await run('ffmpeg', ['-nostdin', '-hide_banner', '-y', ...args], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return stderr;
}

/**
 * Stereo test signal: different tones left and right over a bed of pink noise, so an encoder has
 * something music-like to chew on.
 */
export function musicSource(seconds: number, sampleRate = 44_100): string[] {
  return [
    '-f',
    'lavfi',
    '-i',
    `aevalsrc=0.25*sin(2*PI*220*t)+0.1*sin(2*PI*1760*t)|0.25*sin(2*PI*330*t)+0.1*sin(2*PI*2640*t):s=${sampleRate}:d=${seconds}`,
    '-f',
    'lavfi',
    '-i',
    `anoisesrc=color=pink:amplitude=0.2:seed=7:r=${sampleRate}:d=${seconds}`,
    '-filter_complex',
    '[0][1]amix=inputs=2:normalize=0',
  ];
}

/** `seconds` of stereo silence with a 440 Hz tone at amplitude 0.5 from `from` to `to` seconds. */
export function burstSource(seconds: number, from: number, to: number): string[] {
  const tone = `if(between(t\\,${from}\\,${to})\\,0.5*sin(2*PI*440*t)\\,0)`;
  return ['-f', 'lavfi', '-i', `aevalsrc=${tone}|${tone}:s=44100:d=${seconds}`];
}

/** Samples ffmpeg decodes from a file (MP3 encoder delay and padding removed, as players do). */
export async function decodedSamples(path: string): Promise<number> {
  const stderr = await ffmpeg([
    '-i',
    path,
    '-af',
    'astats=measure_overall=Number_of_samples:measure_perchannel=none',
    '-f',
    'null',
    '-',
  ]);
  const match = /Number of samples:\s*(\d+)/.exec(stderr);
  if (!match?.[1]) throw new Error(`no sample count for ${path}`);
  return Number(match[1]);
}

/** MD5 of the decoded PCM, in the decoder's native sample format. */
export async function pcmMd5(path: string): Promise<string> {
  const { stdout } = await run('ffmpeg', [
    '-nostdin',
    '-v',
    'error',
    '-i',
    path,
    '-map',
    '0:a',
    '-f',
    'md5',
    '-',
  ]);
  return stdout.trim();
}

/** Integrated loudness as a bare ffmpeg measures it. */
export async function measureLoudness(path: string): Promise<number> {
  const stderr = await ffmpeg(['-nostats', '-i', path, '-af', 'ebur128=framelog=verbose', '-f', 'null', '-']);
  const values = [...stderr.matchAll(/^\s*I:\s+(-?\d+(?:\.\d+)?) LUFS/gm)].map((m) => Number(m[1]));
  const last = values.at(-1);
  if (last === undefined) throw new Error(`no loudness for ${path}`);
  return last;
}

/** True peak (dBTP) as bare ffmpeg's ebur128 measures it, for comparison. */
export async function measureTruePeak(path: string): Promise<number> {
  const stderr = await ffmpeg([
    '-nostats',
    '-i',
    path,
    '-af',
    'ebur128=framelog=verbose:peak=true',
    '-f',
    'null',
    '-',
  ]);
  const values = [...stderr.matchAll(/^\s*Peak:\s+(-?\d+(?:\.\d+)?) dBFS/gm)].map((m) => Number(m[1]));
  const last = values.at(-1);
  if (last === undefined) throw new Error(`no true peak for ${path}`);
  return last;
}

/** Bitrate of every MPEG frame of an MP3, in order: one value for the whole file means CBR. */
export async function mp3FrameBitrates(path: string): Promise<number[]> {
  const bytes = new Uint8Array(await readFile(path));
  const bitrates: number[] = [];
  let offset = id3v2Size(bytes);
  while (offset + 4 <= bytes.length) {
    const frame = parseMp3FrameHeader(bytes, offset);
    if (!frame) {
      if (
        bytes.length - offset === 128 &&
        String.fromCharCode(...bytes.subarray(offset, offset + 3)) === 'TAG'
      )
        break;
      throw new Error(`${path}: no MPEG frame at byte ${offset} of ${bytes.length}`);
    }
    bitrates.push(frame.bitrateKbps);
    offset += frame.length;
  }
  return bitrates;
}

/** Pids of running ffmpeg processes whose command line mentions `needle`. */
export async function ffmpegProcessesMentioning(needle: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const exe = await readlink(`/proc/${entry}/exe`).catch(() => '');
      const cmdline = (await readFile(`/proc/${entry}/cmdline`, 'utf8')).replaceAll('\0', ' ');
      if ((exe.endsWith('/ffmpeg') || cmdline.startsWith('ffmpeg ')) && cmdline.includes(needle)) {
        pids.push(Number(entry));
      }
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}
