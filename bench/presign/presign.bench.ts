// Presigned GET URLs per second: `presignGet` (our SigV4 signer with a per-window signing key)
// against the requested presigner package (`getSignedUrl`) signing the same 4,000 URLs, the URLs
// one 2,000-photo gallery page needs, in the same run, order alternating. "Cold" signs with a new
// client (nothing remembered); "warm" asks again for URLs of the same window (the next member
// opening the same gallery), which are remembered.
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { presignGet } from '../../packages/storage/src/presign';
import { awsS3 } from '../support/aws-s3';
import { benchNumber } from '../support/env';
import { median, round } from '../support/measure';
import { saveResult } from '../support/run';

const storageRequire = createRequire(new URL('../../packages/storage/package.json', import.meta.url));
const { getSignedUrl }: typeof import('../../packages/storage/node_modules/@aws-sdk/s3-request-presigner') =
  storageRequire('@aws-sdk/s3-request-presigner');

const URLS = benchNumber('PRESIGN_URLS', 4000);
const RUNS = benchNumber('PRESIGN_RUNS', 5);
const newClient = () =>
  new awsS3.S3Client({
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:9000',
    forcePathStyle: true,
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench-secret' },
  });
const client = newClient();
const keys = Array.from(
  { length: URLS },
  (_, i) => `derived/${i.toString(16).padStart(8, '0')}/preview.webp`,
);
const now = new Date();

let warmClient = newClient();

async function ours(): Promise<number> {
  const cold = newClient();
  const started = performance.now();
  for (const key of keys) await presignGet(cold, 'media', key, { now });
  const elapsed = performance.now() - started;
  warmClient = cold;
  return elapsed;
}

async function oursWarm(): Promise<number> {
  const started = performance.now();
  for (const key of keys) await presignGet(warmClient, 'media', key, { now });
  return performance.now() - started;
}

async function bare(): Promise<number> {
  const started = performance.now();
  for (const key of keys) {
    await getSignedUrl(
      client,
      new awsS3.GetObjectCommand({ Bucket: 'media', Key: key, ResponseCacheControl: 'private, max-age=600' }),
      { expiresIn: 900, signingDate: now },
    );
  }
  return performance.now() - started;
}

const loadBefore = loadavg()[0] ?? 0;
await ours(); // warm-up: the first window's reference URL and JIT
await bare();
const timings = { ours: [] as number[], warm: [] as number[], bare: [] as number[] };
for (let run = 0; run < RUNS; run++) {
  if (run % 2 === 0) {
    timings.ours.push(await ours());
    timings.bare.push(await bare());
  } else {
    timings.bare.push(await bare());
    timings.ours.push(await ours());
  }
  timings.warm.push(await oursWarm());
}
const oursPerSecond = URLS / (median(timings.ours) / 1000);
const barePerSecond = URLS / (median(timings.bare) / 1000);
await saveResult({
  name: 'presign',
  metric: 'presigned GET URLs signed per second (cold: nothing remembered)',
  unit: 'URLs/s',
  value: round(oursPerSecond, 0),
  baseline: round(barePerSecond, 0),
  ratio: round(oursPerSecond / barePerSecond, 2),
  better: 'higher',
  runs: RUNS,
  notes: `median of ${RUNS} runs of ${URLS} URLs each (one 2,000-photo gallery page): presignGet vs getSignedUrl of @aws-sdk/s3-request-presigner with the same key, signing date and Cache-Control override, order alternating; ${cpus().length} cores, load ${loadBefore.toFixed(2)} at start`,
  milliseconds: {
    ours: round(median(timings.ours)),
    oursWarm: round(median(timings.warm)),
    bare: round(median(timings.bare)),
  },
});
console.log(
  `presign: ${round(oursPerSecond, 0)} URLs/s cold, ${round(URLS / (median(timings.warm) / 1000), 0)} warm, vs ${round(barePerSecond, 0)} bare`,
);
