// Photos per minute through `processImage` (auto-orient, strip, WebP thumb + preview, AVIF preview
// where it pays, ThumbHash, EXIF date, SHA-256) against bare sharp making the same two WebP resizes,
// on generated 24 MP JPEGs, in one process. Run: node --import tsx bench/images/images.bench.ts
// (BENCH_IMAGES=n photos, default 12). Rounds alternate which side goes first; medians are reported.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { processImage } from '../../packages/media/src/images';
import { CAMERA_EXIF, photoLikePixels, sharp } from '../../packages/media/test/images/fixtures';
import { benchNumber } from '../support/env';
import { median } from '../support/measure';
import { saveResult } from '../support/run';

const ROUNDS = 3;
const WIDTH = 6000;
const HEIGHT = 4000;
const count = benchNumber('BENCH_IMAGES', 12, { integer: true });

const work = await mkdtemp(join(tmpdir(), 'bench-images-'));

try {
  // Inputs first, untimed: photo-like content with grain and a camera's EXIF, as a phone would send.
  const inputs: string[] = [];
  for (let i = 0; i < count; i++) {
    const path = join(work, `photo-${i}.jpg`);
    await (await photoLikePixels(WIDTH, HEIGHT, i + 1))
      .jpeg({ quality: 90 })
      .withExif(CAMERA_EXIF)
      .toFile(path);
    inputs.push(path);
  }

  let avifKept = 0;
  let variantBytes = 0;
  const ours = async (round: number) => {
    for (const [i, inputPath] of inputs.entries()) {
      const result = await processImage({ inputPath, outputDir: join(work, `ours-${round}-${i}`) });
      if (round === 0) {
        avifKept += result.variants.some((v) => v.format === 'avif') ? 1 : 0;
        variantBytes += result.variants.reduce((sum, v) => sum + v.bytes, 0);
      }
    }
  };
  // What a plain sharp user writes: one input, two cloned resize pipelines, WebP out.
  const bare = async (round: number) => {
    for (const [i, inputPath] of inputs.entries()) {
      const outputDir = join(work, `bare-${round}-${i}`);
      await mkdir(outputDir, { recursive: true });
      const image = sharp(inputPath).rotate();
      const fit = (edge: number) =>
        ({ width: edge, height: edge, fit: 'inside', withoutEnlargement: true }) as const;
      await Promise.all([
        image.clone().resize(fit(400)).webp().toFile(join(outputDir, 'thumb.webp')),
        image.clone().resize(fit(1600)).webp().toFile(join(outputDir, 'preview.webp')),
      ]);
    }
  };

  const time = async (run: (round: number) => Promise<void>, round: number) => {
    const started = performance.now();
    await run(round);
    return performance.now() - started;
  };

  // Warm-up: loads libvips, libwebp and aom before anything is timed.
  await processImage({ inputPath: inputs[0] ?? '', outputDir: join(work, 'warm-ours') });
  await bare(-1);

  const oursMs: number[] = [];
  const bareMs: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    if (round % 2 === 0) {
      oursMs.push(await time(ours, round));
      bareMs.push(await time(bare, round));
    } else {
      bareMs.push(await time(bare, round));
      oursMs.push(await time(ours, round));
    }
  }

  const perMinute = (ms: number) => (count * 60_000) / ms;
  const value = sig4(perMinute(median(oursMs)));
  const baseline = sig4(perMinute(median(bareMs)));
  const result = {
    name: 'images',
    metric: 'photos per minute (24 MP JPEG)',
    unit: 'photos/min',
    value,
    baseline,
    ratio: sig4(value / baseline),
    better: 'higher' as const,
    runs: ROUNDS,
    notes:
      `${count} generated ${WIDTH}x${HEIGHT} JPEGs (q90, grain, camera EXIF), processed one at a time. ` +
      'Ours: processImage (one decode to a 1600 px working copy, WebP thumb + preview, AVIF preview (effort 2, 4:2:0) kept ' +
      'when < 90% of the WebP, ThumbHash, EXIF date, streamed SHA-256). Baseline: sharp(file).rotate() with two ' +
      'cloned resizes to WebP. Median of rounds that alternate which side goes first. ' +
      'Most of the gap is the AVIF encode.',
    photos: count,
    ms_per_photo: sig4(median(oursMs) / count),
    baseline_ms_per_photo: sig4(median(bareMs) / count),
    rounds_ms: { ours: oursMs.map(sig4), baseline: bareMs.map(sig4) },
    avif_kept: `${avifKept}/${count}`,
    mean_variant_bytes: Math.round(variantBytes / count),
    node: process.version,
    libvips: sharp.versions.vips,
    cores: cpus().length,
  };

  await saveResult(result);
  console.log(
    `| ${result.name} | ${result.metric} (${result.unit}) | ${value} | ${baseline} | ${result.ratio} | ${result.better} |`,
  );
} finally {
  await rm(work, { recursive: true, force: true });
}

function sig4(value: number): number {
  return Number(value.toPrecision(4));
}
