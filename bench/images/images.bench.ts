// Photos per minute to `ready` through `processImage` (auto-orient, strip, WebP thumb + preview,
// ThumbHash, EXIF date, SHA-256: what a photo is ready with) against bare sharp making the same two
// WebP resizes, on generated 24 MP JPEGs, in one process. Also measured, outside the ratio: the
// later `finishImage` stage (AVIF preview + full-size JPEG) and what the AVIF costs and saves.
// Run: node --import tsx bench/images/images.bench.ts (BENCH_IMAGES=n photos, default 12).
// Rounds alternate which side goes first; medians are reported.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { finishImage, processImage } from '../../packages/media/src/images';
import { writeAvifPreview } from '../../packages/media/src/images/variants';
import { decodeWorkingCopy } from '../../packages/media/src/images/working-copy';
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

  let variantBytes = 0;
  const webpPreviewBytes: number[] = [];
  const ours = async (round: number) => {
    for (const [i, inputPath] of inputs.entries()) {
      const result = await processImage({ inputPath, outputDir: join(work, `ours-${round}-${i}`) });
      if (round === 0) {
        variantBytes += result.variants.reduce((sum, v) => sum + v.bytes, 0);
        webpPreviewBytes[i] = result.variants.find((v) => v.variant === 'preview')?.bytes ?? 0;
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

  // The later stage, untimed against the baseline: what it costs in the background, and the AVIF's
  // own share and saving (the measured reason it stays).
  let finishMs = 0;
  let avifMs = 0;
  let avifKept = 0;
  let avifBytes = 0;
  let avifWebpBytes = 0;
  for (const [i, inputPath] of inputs.entries()) {
    const webp = webpPreviewBytes[i] ?? 0;
    let started = performance.now();
    await finishImage({ inputPath, outputDir: join(work, `finish-${i}`), webpPreviewBytes: webp });
    finishMs += performance.now() - started;
    const copy = await decodeWorkingCopy(inputPath, 100_000_000);
    started = performance.now();
    const avif = await writeAvifPreview(copy, join(work, `finish-${i}`), Number.POSITIVE_INFINITY);
    avifMs += performance.now() - started;
    avifBytes += avif?.bytes ?? 0;
    avifWebpBytes += webp;
    if ((avif?.bytes ?? Number.POSITIVE_INFINITY) < webp * 0.9) avifKept += 1;
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
      `${count} generated ${WIDTH}x${HEIGHT} JPEGs (q90, grain, camera EXIF), processed one at a time, to ready. ` +
      'Ours: processImage, what a photo is ready with (one decode to a 1600 px working copy, WebP thumb + preview, ' +
      'ThumbHash, EXIF date, streamed SHA-256). Baseline: sharp(file).rotate() with two cloned resizes to WebP, the ' +
      'same derivatives. Median of rounds that alternate which side goes first. Not in the ratio: finishImage, the ' +
      'later lower-priority job (AVIF preview effort 2 4:2:0 kept when < 90% of the WebP, full-size JPEG q88), ' +
      'finish_ms_per_photo; avif_ms_per_photo its AVIF encode from the working copy alone, avif_to_webp_bytes the ' +
      "AVIF preview's size against the WebP preview's.",
    photos: count,
    ms_per_photo: sig4(median(oursMs) / count),
    baseline_ms_per_photo: sig4(median(bareMs) / count),
    rounds_ms: { ours: oursMs.map(sig4), baseline: bareMs.map(sig4) },
    finish_ms_per_photo: sig4(finishMs / count),
    avif_ms_per_photo: sig4(avifMs / count),
    avif_to_webp_bytes: sig4(avifBytes / avifWebpBytes),
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
