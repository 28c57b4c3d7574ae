/**
 * The one door to ffmpeg. Processes are run through fluent-ffmpeg (part of the requested stack,
 * but archived upstream); every use of it and every workaround for its quirks lives in this file,
 * so replacing it is a change here alone.
 *
 * The binary is fluent-ffmpeg's `FFMPEG_PATH`, else `ffmpeg` on PATH; its `setFfmpegPath` is
 * process-wide, so it is not offered per call.
 */
import { execFile } from 'node:child_process';
import { type Readable, Writable } from 'node:stream';
import { promisify } from 'node:util';
import ffmpeg from 'fluent-ffmpeg';

const execFileAsync = promisify(execFile);

/** One ffmpeg process: one input, any number of file outputs, optionally one output piped back. */
export interface FfmpegCommand {
  /** A file path, or a stream fed to ffmpeg's stdin (an error on it kills the process). */
  input: string | Readable;
  inputOptions: string[];
  /** Files to write, each with its output options (`-map`, codec, format ...). */
  outputs: Array<{ path: string; options: string[] }>;
  /** A `-filter_complex` graph, for outputs that map its labelled pads. */
  complexFilter?: string;
  /** An output streamed back instead of written: its options, and who takes the bytes. */
  pipe?: { options: string[]; onData(chunk: Buffer): void };
  /** Every line ffmpeg writes to stderr (progress, logs, errors), as it comes. */
  onStderr(line: string): void;
  /** Runs the process under `nice -n <niceness>` (1..19: yields the cores to everything else). */
  niceness?: number;
}

export interface RunningFfmpeg {
  /**
   * Resolves once the process exited successfully and every piped chunk has been delivered;
   * rejects when it failed or was killed.
   */
  finished: Promise<void>;
  /** Kills the process (SIGKILL), also when it has not quite started yet. */
  kill(): void;
}

/** Starts one ffmpeg process. */
export function runFfmpeg(spec: FfmpegCommand): RunningFfmpeg {
  const command = ffmpeg({ stdoutLines: 100, ...(spec.niceness ? { niceness: spec.niceness } : {}) })
    .input(spec.input)
    .inputOptions(spec.inputOptions);
  for (const output of spec.outputs) command.output(output.path).outputOptions(output.options);
  if (spec.complexFilter) command.complexFilter(spec.complexFilter);

  let drained: Promise<void> = Promise.resolve();
  if (spec.pipe) {
    const { onData } = spec.pipe;
    // emitClose: false, because fluent-ffmpeg kills the process 20 ms after its output stream
    // closes, which would race the exit of a process still finishing its file outputs.
    const sink = new Writable({
      emitClose: false,
      write(chunk: Buffer, _encoding, callback) {
        onData(chunk);
        callback();
      },
    });
    drained = new Promise((resolve) => sink.once('finish', () => resolve()));
    command.output(sink).outputOptions(spec.pipe.options);
  }

  let started = false;
  let killed = false;
  const exited = new Promise<void>((resolve, reject) => {
    command
      .on('start', () => {
        started = true;
        // Killed while fluent-ffmpeg was still checking capabilities, before there was a process.
        if (killed) command.kill('SIGKILL');
      })
      .on('stderr', (line: string) => spec.onStderr(line))
      .on('error', (error: Error) => reject(error))
      .on('end', () => resolve());
    command.run();
  });
  return {
    // The process can exit before its last piped chunks have been read.
    finished: exited.then(() => drained),
    kill: () => {
      killed = true;
      if (started) command.kill('SIGKILL');
    },
  };
}

/**
 * The version line of the ffmpeg on PATH, or undefined when there is none. Audio processing needs
 * it; the server reports its absence at start instead of failing the first upload.
 */
export async function ffmpegVersion(binary = 'ffmpeg'): Promise<string | undefined> {
  try {
    const { stdout } = await execFileAsync(binary, ['-hide_banner', '-version'], { timeout: 10_000 });
    return stdout.split('\n')[0]?.trim() || undefined;
  } catch {
    return undefined;
  }
}
