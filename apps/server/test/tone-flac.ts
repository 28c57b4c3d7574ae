import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A 44.1 kHz / 16-bit FLAC of a plain sine tone, made by ffmpeg: quick to make even for long
 * lengths, while encoding its MP3 tiers still takes real work (for fault tests that need a job
 * running for a while).
 */
export async function writeToneFlac(
  file: string,
  seconds: number,
  channels: 1 | 2 = 2,
  /** `noise`: white noise, which FLAC cannot shrink much (about 10 MB a minute in stereo), for big files. */
  signal: 'sine' | 'noise' = 'sine',
): Promise<string> {
  const source =
    signal === 'sine'
      ? `sine=f=330:d=${seconds}:sample_rate=44100`
      : `anoisesrc=d=${seconds}:c=white:r=44100:a=0.5:s=7`;
  await run('ffmpeg', [
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    source,
    '-ac',
    String(channels),
    '-sample_fmt',
    's16',
    file,
  ]);
  return file;
}
