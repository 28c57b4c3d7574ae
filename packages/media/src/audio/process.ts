import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { endianness } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { parseFile } from 'music-metadata';
import { MediaError } from '../errors';
import { runFfmpeg } from './ffmpeg';
import { isInputFault, LoudnessSummary, parseProgressTime, stderrTail } from './ffmpeg-output';
import { readMp3Info } from './mp3-info';
import type { ReadAt } from './pcm-header';
import { PeakReducer, peaksSampleRate } from './peaks';
import type { WaveformPeaks } from './peaks-format';
import type { AudioPlan, PlannedRendition, RenditionTier } from './plan';

export type ProcessingStage = 'encoding' | 'finalizing';

export interface ProcessAudioOptions {
  /**
   * The original, on local disk; or a function opening a fresh stream of it for each ffmpeg
   * process (a file still being uploaded, followed as it grows). Either way the same commands run.
   */
  inputPath: string | (() => Readable);
  /** Where the renditions are written (created if missing); one directory per track. */
  outputDir: string;
  plan: AudioPlan;
  /** Percent 0..100, rising; called at most once per percent. Errors it throws are ignored. */
  onProgress?: (percent: number, stage: ProcessingStage) => void | Promise<void>;
  /** Aborting kills the ffmpeg processes and removes everything written. */
  signal?: AbortSignal;
  /** `nice` level of the ffmpeg processes, for encodes that must not slow down other work. */
  niceness?: number;
}

export interface AudioRendition {
  tier: RenditionTier;
  path: string;
  codec: 'mp3' | 'flac';
  bitrateKbps: number | null;
  bytes: number;
  /** Playable length as the file declares it (for MP3, gapless: encoder delay and padding removed). */
  durationSeconds: number;
}

export interface ProcessedAudio {
  renditions: AudioRendition[];
  peaks: WaveformPeaks;
  /** EBU R128 integrated loudness of the original; null for silence. */
  loudnessLufs: number | null;
  /** True peak of the original in dBTP (all channels, 4× oversampled); null for silence. */
  truePeakDb: number | null;
  /** Length of the audio actually decoded from the original. */
  decodedSeconds: number;
}

/** One ffmpeg process: the renditions it writes, and whether peaks and loudness ride along. */
export interface FfmpegJob {
  renditions: PlannedRendition[];
  analysis: boolean;
}

/** A decoded length this much shorter than declared means a cut-off file (a FLAC frame is 48–105 ms). */
const LENGTH_TOLERANCE_SECONDS = 0.02;

/** Samples in the byte order of this machine, so the reducer can view them as an Int16Array. */
const PCM_FORMAT = endianness() === 'LE' ? 's16le' : 's16be';

/**
 * Loudness is measured before downmixing, so it sees every channel; the waveform gets the plain
 * average of the channels ((L+R)/2 for stereo: never clips, keeps a mono-compatible signal at its
 * level) at {@link peaksSampleRate}. The average is spelled out with `pan` because ebur128 drops
 * the channel layout and swresample would then mix stereo at 0.707 per channel.
 * `framelog=verbose` keeps the per-100 ms lines out of stderr: only the summary is logged.
 * `peak=true` adds the true peak (the player never raises a quiet set past it); it costs about
 * 0.45 s of CPU per minute of 44.1 kHz stereo, on the process that is cheapest anyway.
 */
export function analysisFilter(channels: number, sampleRate: number): string {
  const gain = (1 / channels).toFixed(6);
  const mix = Array.from({ length: channels }, (_, c) => `${gain}*c${c}`).join('+');
  const rate = peaksSampleRate(sampleRate);
  const resample = rate === sampleRate ? '' : `,aresample=${rate}`;
  return `[0:a:0]ebur128=framelog=verbose:peak=true,pan=mono|c0=${mix}${resample},aformat=sample_fmts=s16[peaks]`;
}

/** Relative CPU cost, to pick the process that can best carry the analysis. */
function cost(rendition: PlannedRendition): number {
  if (rendition.method === 'copy') return 0;
  if (rendition.codec === 'flac') return 1;
  return rendition.bitrateKbps ?? 1;
}

/**
 * One process per rendition, so the LAME encodes use every core (ffmpeg 5.1 runs all outputs of
 * a process on one thread). Peaks and loudness need a decode, so they ride along in the cheapest
 * process (medium rather than high, a FLAC or stream copy before either); with nothing to encode
 * they get a process of their own.
 */
export function planJobs(plan: AudioPlan): FfmpegJob[] {
  const jobs: FfmpegJob[] = plan.renditions.map((rendition) => ({
    renditions: [rendition],
    analysis: false,
  }));
  const jobCost = (job: FfmpegJob) => job.renditions.reduce((sum, rendition) => sum + cost(rendition), 0);
  const cheapest = jobs.reduce<FfmpegJob | undefined>(
    (best, job) => (best === undefined || jobCost(job) < jobCost(best) ? job : best),
    undefined,
  );
  if (cheapest) cheapest.analysis = true;
  else jobs.push({ renditions: [], analysis: true });
  return jobs;
}

/** ffmpeg output options of one rendition. Cover art (a video stream to ffmpeg) is left out. */
export function renditionOptions(rendition: PlannedRendition): string[] {
  const common = ['-map', '0:a:0', '-map_metadata', '0'];
  if (rendition.codec === 'flac') return [...common, '-c:a', 'flac', '-f', 'flac'];
  if (rendition.method === 'copy') return [...common, '-c:a', 'copy', '-id3v2_version', '3', '-f', 'mp3'];
  return [
    ...common,
    '-c:a',
    'libmp3lame',
    // libmp3lame with a bitrate and no -q:a is constant bitrate; the muxer writes an `Info` tag.
    '-b:a',
    `${rendition.bitrateKbps}k`,
    '-ar',
    String(rendition.sampleRate),
    '-ac',
    String(rendition.channels),
    '-id3v2_version',
    '3',
    '-f',
    'mp3',
  ];
}

/** Rises monotonically with the job furthest behind, which is what bounds the wall time. */
class Progress {
  private readonly done: number[];
  private last = -1;

  constructor(
    jobs: number,
    private readonly durationSeconds: number,
    private readonly report: ProcessAudioOptions['onProgress'],
  ) {
    this.done = new Array<number>(jobs).fill(0);
  }

  update(job: number, seconds: number): void {
    this.done[job] = Math.min(1, Math.max(0, seconds / this.durationSeconds));
    this.emit(Math.min(99, Math.floor(Math.min(...this.done) * 100)), 'encoding');
  }

  emit(percent: number, stage: ProcessingStage): void {
    if (percent <= this.last || !this.report) return;
    this.last = percent;
    try {
      // Progress is advisory: a failing report must not fail (or crash) the encode.
      Promise.resolve(this.report(percent, stage)).catch(() => undefined);
    } catch {}
  }
}

interface Running {
  job: FfmpegJob;
  /** Settles when the process has exited and, for the analysis job, all PCM is reduced. */
  finished: Promise<void>;
  kill(): void;
  stderr: string[];
}

async function renditionDuration(path: string, codec: 'mp3' | 'flac', fallback: number): Promise<number> {
  if (codec === 'flac') return (await parseFile(path, { skipCovers: true })).format.duration ?? fallback;
  const handle = await open(path, 'r');
  try {
    const read: ReadAt = async (offset, length) => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      return buffer.subarray(0, bytesRead);
    };
    return (await readMp3Info(read))?.durationSeconds ?? fallback;
  } finally {
    await handle.close();
  }
}

function seconds(value: number): string {
  return value >= 60 ? `${Math.floor(value / 60)} min ${Math.round(value % 60)} s` : `${value.toFixed(2)} s`;
}

/**
 * Encodes every planned rendition of an original, in parallel ffmpeg processes, and computes the
 * waveform peaks and the EBU R128 integrated loudness on the way, without a decode of their own:
 * the cheapest process also sends a mono PCM copy through a pipe, reduced to peaks as
 * it streams (memory stays flat for any length), and runs `ebur128` on the same decode.
 *
 * Renditions are written as `<name>.partial` and renamed only once every process has succeeded
 * and the decoded length matches the declared one, so a file under its final name is complete.
 * @throws MediaError `corrupt` when the original cannot be decoded or is shorter than it declares;
 *   a plain Error when ffmpeg fails for another reason; the signal's reason when aborted. In every
 *   case nothing is left in `outputDir`.
 */
export async function processAudio(options: ProcessAudioOptions): Promise<ProcessedAudio> {
  const { inputPath, outputDir, plan, signal } = options;
  signal?.throwIfAborted();
  await mkdir(outputDir, { recursive: true });

  const partialPath = (rendition: PlannedRendition) => join(outputDir, `${rendition.fileName}.partial`);
  const finalPath = (rendition: PlannedRendition) => join(outputDir, rendition.fileName);
  const removeOutputs = () =>
    Promise.all(
      plan.renditions.flatMap((rendition) => [
        rm(partialPath(rendition), { force: true }),
        rm(finalPath(rendition), { force: true }),
      ]),
    );
  // Whatever an earlier, interrupted attempt left behind is not trusted.
  await removeOutputs();
  signal?.throwIfAborted();

  const jobs = planJobs(plan);
  const reducer = new PeakReducer(plan.source.durationSeconds, peaksSampleRate(plan.source.sampleRate));
  const loudness = new LoudnessSummary();
  const progress = new Progress(jobs.length, plan.source.durationSeconds, options.onProgress);
  progress.emit(0, 'encoding');

  const runs = jobs.map((job, index): Running => {
    const stderr: string[] = [];
    const ffmpeg = runFfmpeg({
      input: typeof inputPath === 'string' ? inputPath : inputPath(),
      niceness: options.niceness,
      // -xerror: in a lossless original any decode error is damage, so stop at the first one.
      inputOptions: ['-nostdin', '-hide_banner', ...(plan.source.lossless ? ['-xerror'] : [])],
      outputs: job.renditions.map((rendition) => ({
        path: partialPath(rendition),
        options: renditionOptions(rendition),
      })),
      ...(job.analysis
        ? {
            complexFilter: analysisFilter(plan.source.channels, plan.source.sampleRate),
            pipe: {
              options: ['-map', '[peaks]', '-c:a', `pcm_${PCM_FORMAT}`, '-f', PCM_FORMAT],
              onData: (chunk: Buffer) => reducer.push(chunk),
            },
          }
        : {}),
      onStderr: (line) => {
        stderr.push(line);
        if (stderr.length > 60) stderr.shift();
        if (job.analysis) loudness.push(line);
        const time = parseProgressTime(line);
        if (time !== null) progress.update(index, time);
      },
    });
    return { job, stderr, finished: ffmpeg.finished, kill: ffmpeg.kill };
  });

  const killAll = () => {
    for (const run of runs) run.kill();
  };
  signal?.addEventListener('abort', killAll, { once: true });
  if (signal?.aborted) killAll();
  const outcome: { failure: { run: Running; error: unknown } | null } = { failure: null };
  try {
    await Promise.allSettled(
      runs.map((run) =>
        run.finished.catch((error: unknown) => {
          // The first failure is the cause; the others are only our kills.
          outcome.failure ??= { run, error };
          killAll();
        }),
      ),
    );
  } finally {
    signal?.removeEventListener('abort', killAll);
  }

  if (signal?.aborted) {
    await removeOutputs();
    throw signal.reason;
  }
  if (outcome.failure) {
    await removeOutputs();
    const { run, error } = outcome.failure;
    const detail = stderrTail(run.stderr);
    if (isInputFault(run.stderr)) {
      throw new MediaError(
        'corrupt',
        'This audio file is damaged or cut off: it cannot be decoded to the end. Upload it again, or export it again from the source.',
        { cause: new Error(`ffmpeg: ${detail}`, { cause: error }) },
      );
    }
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`ffmpeg failed for ${describe(run.job)}: ${message}`, { cause: error });
  }

  const decodedSeconds = reducer.samples / reducer.sampleRate;
  const declared = plan.source.durationSeconds;
  if (
    decodedSeconds === 0 ||
    (plan.source.verifyLength && decodedSeconds < declared - LENGTH_TOLERANCE_SECONDS)
  ) {
    await removeOutputs();
    throw new MediaError(
      'corrupt',
      decodedSeconds === 0
        ? 'This audio file is damaged: no audio could be decoded from it.'
        : `This audio file is incomplete: it declares ${seconds(declared)} of audio but only ${seconds(decodedSeconds)} could be decoded; the upload was probably cut off.`,
    );
  }

  try {
    const renditions: AudioRendition[] = [];
    for (const rendition of plan.renditions) {
      const path = finalPath(rendition);
      await rename(partialPath(rendition), path);
      renditions.push({
        tier: rendition.tier,
        path,
        codec: rendition.codec,
        bitrateKbps: rendition.bitrateKbps,
        bytes: (await stat(path)).size,
        durationSeconds: await renditionDuration(path, rendition.codec, decodedSeconds),
      });
    }
    progress.emit(100, 'finalizing');
    return {
      renditions,
      peaks: reducer.finish(),
      loudnessLufs: loudness.lufs,
      truePeakDb: loudness.truePeakDb,
      decodedSeconds,
    };
  } catch (error) {
    await removeOutputs();
    throw error;
  }
}

function describe(job: FfmpegJob): string {
  const names = job.renditions.map((rendition) => rendition.fileName);
  if (job.analysis) names.push('peaks and loudness');
  return names.join(', ');
}
