/**
 * Audio processing against its floor (issue 4): the wall time of probe + plan + processAudio (all
 * renditions, peaks and loudness) on a BENCH_MINUTES-minute 44.1/16 stereo FLAC, as a ratio to the
 * slowest MP3 tier encoded alone by a bare ffmpeg in the same run. Goal: at most 1.15.
 *
 *   node --import tsx bench/audio/audio.bench.ts        # BENCH_MINUTES=60 BENCH_RUNS=3
 *
 * Each run times the three in a rotating order; the figures are the medians of the runs.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { planRenditions, probeAudio, processAudio } from '../../packages/media/src/audio';
import { benchNumber } from '../support/env';
import { median, round } from '../support/measure';
import { RESULTS_DIR, saveResult } from '../support/run';

const minutes = benchNumber('BENCH_MINUTES', 60);
const runs = benchNumber('BENCH_RUNS', 3, { integer: true });

function ffmpeg(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', ['-nostdin', '-hide_banner', '-loglevel', 'error', '-y', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`ffmpeg exited ${code}: ${stderr}`)),
    );
  });
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await work();
  return (performance.now() - start) / 1000;
}

/**
 * Music-like stereo: a pumping bass (tremolo at ~128 BPM), different tones left and right, and
 * independent pink noise per channel, so LAME works as hard as on a real mix.
 */
async function generateSource(path: string, seconds: number): Promise<void> {
  const sine = (f: number) => ['-f', 'lavfi', '-i', `sine=f=${f}:r=44100:d=${seconds}`];
  const noise = (seed: number) => [
    '-f',
    'lavfi',
    '-i',
    `anoisesrc=color=pink:amplitude=0.25:seed=${seed}:r=44100:d=${seconds}`,
  ];
  await ffmpeg([
    ...sine(55),
    ...sine(220),
    ...sine(330),
    ...sine(1760),
    ...noise(1),
    ...noise(2),
    '-filter_complex',
    [
      '[0]asplit=2[bl][br]',
      '[bl][1][4]amix=inputs=3:normalize=0,tremolo=f=2.13:d=0.8[l]',
      '[br][2][3][5]amix=inputs=4:normalize=0,tremolo=f=2.13:d=0.8[r]',
      '[l][r]join=inputs=2:channel_layout=stereo,volume=1.5',
    ].join(';'),
    '-c:a',
    'flac',
    '-sample_fmt',
    's16',
    path,
  ]);
}

async function printTable(): Promise<void> {
  const rows: string[] = [
    '| name | metric | value | unit | baseline | better | runs |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const file of (await readdir(RESULTS_DIR)).filter((name) => name.endsWith('.json')).sort()) {
    const r = JSON.parse(await readFile(join(RESULTS_DIR, file), 'utf8')) as Record<string, unknown>;
    rows.push(
      `| ${r.name} | ${r.metric} | ${r.value} | ${r.unit} | ${r.baseline} | ${r.better} | ${r.runs} |`,
    );
  }
  console.log(`\n${rows.join('\n')}\n`);
}

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'audio-bench-'));
  try {
    const source = join(work, 'set.flac');
    const audioSeconds = minutes * 60;
    console.log(`generating a ${minutes}-minute 44.1/16 stereo FLAC (not timed)...`);
    await generateSource(source, audioSeconds);
    const { size } = await stat(source);
    console.log(
      `  ${(size / 1e6).toFixed(1)} MB; ${runs} run(s), ${cpus().length} cores, load ${loadavg()[0]?.toFixed(2)}`,
    );

    // fluent-ffmpeg asks ffmpeg for its formats and encoders once per process; a worker pays that on
    // its first job only, so warm up on a second of audio, untimed.
    const warmup = join(work, 'warmup.flac');
    await ffmpeg(['-f', 'lavfi', '-i', 'sine=d=1', '-ac', '2', '-c:a', 'flac', warmup]);
    await processAudio({
      inputPath: warmup,
      outputDir: join(work, 'warmup'),
      plan: planRenditions(await probeAudio(warmup)),
    });

    const samples: Array<{ processing: number; bare320: number; bare192: number }> = [];
    let loudness: number | null = null;
    for (let run = 0; run < runs; run++) {
      const times = { processing: 0, bare320: 0, bare192: 0 };
      const steps: Array<[keyof typeof times, () => Promise<unknown>]> = [
        [
          'processing',
          async () => {
            const plan = planRenditions(await probeAudio(source));
            const result = await processAudio({ inputPath: source, outputDir: join(work, 'out'), plan });
            loudness = result.loudnessLufs;
          },
        ],
        [
          'bare320',
          () => ffmpeg(['-i', source, '-c:a', 'libmp3lame', '-b:a', '320k', join(work, 'bare-320.mp3')]),
        ],
        [
          'bare192',
          () => ffmpeg(['-i', source, '-c:a', 'libmp3lame', '-b:a', '192k', join(work, 'bare-192.mp3')]),
        ],
      ];
      // Rotate the order so that a neighbour's burst of load does not always hit the same step.
      for (let i = 0; i < steps.length; i++) {
        const [name, step] = steps[(i + run) % steps.length] as (typeof steps)[number];
        times[name] = await timed(step);
      }
      samples.push(times);
      const floor = Math.max(times.bare320, times.bare192);
      console.log(
        `  run ${run + 1}: processing ${times.processing.toFixed(2)} s, bare 320k ${times.bare320.toFixed(2)} s, bare 192k ${times.bare192.toFixed(2)} s, ratio ${(times.processing / floor).toFixed(3)}`,
      );
    }

    const ratio = median(samples.map((s) => s.processing / Math.max(s.bare320, s.bare192)));
    const baseline = median(samples.map((s) => Math.max(s.bare320, s.bare192)));
    const processingSeconds = median(samples.map((s) => s.processing));
    const result = {
      name: 'audio',
      metric: 'processing wall time / slowest single bare tier',
      unit: 'ratio',
      value: round(ratio),
      baseline: round(baseline, 2),
      ratio: round(ratio),
      better: 'lower' as const,
      runs,
      notes:
        `${minutes}-minute 44.1/16 stereo FLAC (tones, tremolo bass, pink noise). Processing = probeAudio + ` +
        'planRenditions + processAudio (MP3 320 + 192 CBR in parallel ffmpeg processes, peaks and EBU R128 ' +
        'loudness riding along), local disk, no S3. Baseline = slower of bare `ffmpeg -i in.flac -c:a ' +
        'libmp3lame -b:a 320k|192k out.mp3`. Medians of per-run ratios; each run times all three, order rotated. ' +
        `realTimeFactor = processing seconds / audio seconds. Untimed warm-up first (fluent-ffmpeg's one-off capability probe). Goal ratio <= 1.15. Load at start ${loadavg()[0]?.toFixed(2)} on ${cpus().length} cores.`,
      processingSeconds: round(processingSeconds, 2),
      realTimeFactor: round(processingSeconds / audioSeconds, 5),
      speed: round(audioSeconds / processingSeconds, 1),
      bare320Seconds: round(median(samples.map((s) => s.bare320)), 2),
      bare192Seconds: round(median(samples.map((s) => s.bare192)), 2),
      audioSeconds,
      loudnessLufs: loudness,
      benchMaxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    };
    await saveResult(result);
    console.log(JSON.stringify(result, null, 2));
    await printTable();
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

await main();
