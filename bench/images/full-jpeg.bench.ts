// Full-size JPEG download: made at processing time or lazily on first request? Measures, on
// generated 24 MP camera JPEGs in one process, what the full-size JPEG adds to processing a photo
// (`writeFullJpeg` alone against the whole processing, `processImage` then `finishImage`, which includes it) and its bytes against
// the original and the WebP preview. Made lazily, the same encode (plus the original's download from
// S3) would be the member's wait on the first click, and a ZIP of full-size JPEGs would wait for
// all of them. Run: node --import tsx bench/images/full-jpeg.bench.ts (BENCH_IMAGES=n, default 6).
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { finishImage, processImage, writeFullJpeg } from '../../packages/media/src/images';
import { LIMIT_INPUT_PIXELS } from '../../packages/media/src/images/process';
import { CAMERA_EXIF, photoLikePixels, sharp } from '../../packages/media/test/images/fixtures';
import { benchNumber } from '../support/env';
import { median } from '../support/measure';
import { saveResult } from '../support/run';

const ROUNDS = 3;
const WIDTH = 6000;
const HEIGHT = 4000;
const count = benchNumber('BENCH_IMAGES', 6, { integer: true });
const work = await mkdtemp(join(tmpdir(), 'bench-full-jpeg-'));
const sig4 = (value: number) => Number(value.toPrecision(4));

try {
  const inputs: string[] = [];
  let originalBytes = 0;
  for (let i = 0; i < count; i++) {
    const path = join(work, `photo-${i}.jpg`);
    await (await photoLikePixels(WIDTH, HEIGHT, i + 1))
      .jpeg({ quality: 90 })
      .withExif(CAMERA_EXIF)
      .toFile(path);
    originalBytes += (await stat(path)).size;
    inputs.push(path);
  }
  await processImage({ inputPath: inputs[0] ?? '', outputDir: join(work, 'warm') });

  const wholeMs: number[] = [];
  const fullMs: number[] = [];
  let fullBytes = 0;
  let previewBytes = 0;
  for (let round = 0; round < ROUNDS; round++) {
    let started = performance.now();
    for (const [i, inputPath] of inputs.entries()) {
      const outputDir = join(work, `whole-${round}-${i}`);
      const ready = await processImage({ inputPath, outputDir });
      const webpPreviewBytes =
        ready.variants.find((v) => v.variant === 'preview' && v.format === 'webp')?.bytes ?? 0;
      const later = await finishImage({ inputPath, outputDir, webpPreviewBytes });
      if (round === 0) {
        fullBytes += later.find((v) => v.variant === 'full')?.bytes ?? 0;
        previewBytes += webpPreviewBytes;
      }
    }
    wholeMs.push((performance.now() - started) / count);
    started = performance.now();
    for (const [i, inputPath] of inputs.entries()) {
      await writeFullJpeg(inputPath, join(work, `whole-${round}-${i}`), LIMIT_INPUT_PIXELS);
    }
    fullMs.push((performance.now() - started) / count);
  }

  const value = sig4(median(fullMs));
  const baseline = sig4(median(wholeMs));
  await saveResult({
    name: 'full-jpeg',
    metric: 'ms per photo for the full-size JPEG (baseline: whole processing, which includes it)',
    unit: 'ms',
    value,
    baseline,
    ratio: sig4(value / baseline),
    better: 'lower',
    runs: ROUNDS,
    notes:
      `${count} generated ${WIDTH}x${HEIGHT} JPEGs (q90, grain, camera EXIF), one at a time. ratio: the share of ` +
      'processing time the full-size JPEG takes. Made lazily instead, the member would wait this long (plus the ' +
      "original's download from S3) on the first click, in the API process.",
    full_bytes_per_photo: Math.round(fullBytes / count),
    original_bytes_per_photo: Math.round(originalBytes / count),
    preview_webp_bytes_per_photo: Math.round(previewBytes / count),
    full_to_original_bytes: sig4(fullBytes / originalBytes),
    rounds_ms: { full: fullMs.map(sig4), whole: wholeMs.map(sig4) },
    libvips: sharp.versions.vips,
    cores: cpus().length,
  });
  console.log(`| full-jpeg | ms per photo | ${value} | ${baseline} | ${sig4(value / baseline)} | lower |`);
} finally {
  await rm(work, { recursive: true, force: true });
}
