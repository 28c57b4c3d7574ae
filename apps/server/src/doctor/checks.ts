import { randomBytes, randomUUID } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  PutObjectCommand,
  PutObjectTaggingCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import {
  deleteObjects,
  listObjects,
  PRESIGN_TTL_SECONDS,
  presignGet,
  SIGNING_WINDOW_SECONDS,
  UPLOAD_PART_SIZE,
} from '@party/storage';
import {
  CheckFailure,
  createDoctorContext,
  type DoctorContext,
  type DoctorOptions,
  describe,
  expect,
  header,
  PROBE_BYTES,
  rawRequest,
  sha256,
  statusOf,
} from './context';

export type { DoctorOptions } from './context';

/** One line of the doctor's table. */
export interface CheckResult {
  name: string;
  status: 'pass' | 'fail' | 'warn' | 'skip';
  /** A failed required check makes `pnpm doctor` exit non-zero. */
  required: boolean;
  detail: string;
  /** What to do about a failure or warning. */
  fix?: string;
  /** Set when this check passes on the local emulator without proving anything about a real service. */
  unprovenOnEmulator?: string;
}

/** A value that may depend on how the doctor was run. */
type ByOptions<T> = T | ((options: DoctorOptions) => T);

/** One check of the table. */
export interface DoctorCheck {
  name: string;
  /** Resolves with what was proven; throws with what is wrong (the message becomes the detail). */
  run(context: DoctorContext): Promise<string>;
  /** What to do when it fails; a {@link CheckFailure} may name another. */
  fix: string;
  /** Defaults to true. A failed optional check is a warning. */
  required?: ByOptions<boolean>;
  /** Why a pass on the local emulator proves nothing about a real service. */
  unprovenOnEmulator?: ByOptions<string | undefined>;
  /** When this check fails, the rest are skipped for this reason. */
  gate?: string;
}

const MiB = 1024 * 1024;
const PART_MIB = `${UPLOAD_PART_SIZE / MiB} MiB`;
const CLOCK_SKEW_LIMIT_SECONDS = 60;

const pathStyle: DoctorCheck = {
  name: 'path-style addressing',
  gate: 'the bucket is not reachable',
  async run({ client, bucket, probeKey, options }) {
    const endpoint = new URL(options.s3.endpoint);
    expect(
      !endpoint.hostname.startsWith(`${bucket}.`) && !endpoint.pathname.replace(/\/$/, '').endsWith(bucket),
      `S3_ENDPOINT ${options.s3.endpoint} already names the bucket`,
    );
    try {
      await client.send(new HeadBucketCommand({ Bucket: bucket }));
    } catch (error) {
      const status = statusOf(error);
      if (status === 403) throw new Error(`${describe(error)}: the credentials are refused for this bucket`);
      if (status === 404) throw new Error(`${describe(error)}: there is no bucket "${bucket}" here`);
      throw new Error(`${describe(error)}: ${options.s3.endpoint}/${bucket} did not answer as a bucket`);
    }
    const url = new URL((await presignGet(client, bucket, probeKey)).url);
    expect(
      url.host === endpoint.host &&
        url.pathname.startsWith(`${endpoint.pathname.replace(/\/$/, '')}/${bucket}/`),
      `URLs do not have the form ${endpoint.origin}/${bucket}/<key> (got ${url.origin}${url.pathname})`,
    );
    return `HeadBucket on ${endpoint.origin}/${bucket} answered; keys are addressed as /${bucket}/<key>`;
  },
  fix:
    'Set S3_ENDPOINT to the service URL without the bucket (e.g. https://s3.hidrive.strato.com), ' +
    'S3_BUCKET to an existing bucket, and S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY to keys with access ' +
    'to it. This app always uses path-style URLs (https://host/bucket/key), which Strato requires.',
  unprovenOnEmulator: 'the emulator serves path-style only because it is configured to',
};

const putHeadGetDelete: DoctorCheck = {
  name: 'put/head/get/delete',
  async run({ client, bucket, prefix, probeKey, probe }) {
    const key = `${prefix}small.txt`;
    const body = Buffer.from(`party media doctor ${randomUUID()}\n`);
    await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'text/plain' }),
    );
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    expect(head.ContentLength === body.length, `HEAD says ${head.ContentLength} bytes, not ${body.length}`);
    expect(head.ETag, 'HEAD returned no ETag (the media proxy and tus need it)');
    const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    const bytes = Buffer.from((await got.Body?.transformToByteArray()) ?? []);
    expect(bytes.equals(body), 'GET returned other bytes than were PUT');
    await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    const gone = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).then(
      () => false,
      (error: unknown) => statusOf(error) === 404,
    );
    expect(gone, 'the object is still there after DELETE');
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: probeKey,
        Body: probe,
        ContentType: 'application/octet-stream',
      }),
    );
    return 'PUT, HEAD (size, ETag), GET (same bytes), DELETE (then 404) all behave';
  },
  fix:
    'The access key needs s3:PutObject, s3:GetObject and s3:DeleteObject on the bucket; checksums are ' +
    'sent only when required, so a service that rejects plain PUTs is not S3-compatible enough.',
};

/** Parts of the size the tus S3 store really uploads, so a service's part limits show up here. */
const multipart: DoctorCheck = {
  name: `multipart upload (${PART_MIB} parts)`,
  async run({ client, bucket, prefix, openUploads }) {
    const key = `${prefix}multipart.bin`;
    const parts = [randomBytes(UPLOAD_PART_SIZE), randomBytes(UPLOAD_PART_SIZE), randomBytes(1000)];
    const created = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
    const uploadId = created.UploadId;
    expect(uploadId, 'CreateMultipartUpload returned no UploadId');
    openUploads.push({ key, uploadId });
    const etags: string[] = [];
    for (const [index, part] of parts.entries()) {
      const uploaded = await client.send(
        new UploadPartCommand({
          Bucket: bucket,
          Key: key,
          UploadId: uploadId,
          PartNumber: index + 1,
          Body: part,
          ContentLength: part.length,
        }),
      );
      expect(uploaded.ETag, `UploadPart ${index + 1} returned no ETag`);
      etags.push(uploaded.ETag);
    }
    const listed = await client.send(new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
    const sizes = (listed.Parts ?? []).map((p) => p.Size);
    expect(
      sizes.join() === parts.map((p) => p.length).join(),
      `ListParts lists part sizes [${sizes.join(', ')}], expected [${parts.map((p) => p.length).join(', ')}]`,
    );
    await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId: uploadId,
        MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
      }),
    );
    openUploads.pop();
    const whole = Buffer.concat(parts);
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    expect(head.ContentLength === whole.length, `the completed object has ${head.ContentLength} bytes`);
    const seam = await client.send(
      new GetObjectCommand({
        Bucket: bucket,
        Key: key,
        Range: `bytes=${UPLOAD_PART_SIZE - 8}-${UPLOAD_PART_SIZE + 7}`,
      }),
    );
    const seamBytes = Buffer.from((await seam.Body?.transformToByteArray()) ?? []);
    expect(
      seamBytes.equals(whole.subarray(UPLOAD_PART_SIZE - 8, UPLOAD_PART_SIZE + 8)),
      'the bytes across the first part boundary are wrong',
    );

    const abortKey = `${key}.abort`;
    const aborted = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: abortKey }));
    const abortId = aborted.UploadId;
    expect(abortId, 'CreateMultipartUpload returned no UploadId');
    openUploads.push({ key: abortKey, uploadId: abortId });
    await client.send(
      new UploadPartCommand({
        Bucket: bucket,
        Key: abortKey,
        UploadId: abortId,
        PartNumber: 1,
        Body: parts[2],
        ContentLength: parts[2]?.length,
      }),
    );
    await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: abortKey, UploadId: abortId }));
    openUploads.pop();
    const pending = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix }));
    expect(
      !(pending.Uploads ?? []).some((u) => u.UploadId === abortId),
      'the aborted upload is still listed by ListMultipartUploads',
    );
    return `create, 2 × ${PART_MIB} + trailing part, ListParts, complete (bytes right across the seam), abort`;
  },
  fix:
    'Resumable uploads (tus) need CreateMultipartUpload, UploadPart, ListParts, CompleteMultipartUpload, ' +
    `AbortMultipartUpload and ListMultipartUploads with equal ${PART_MIB} parts. Without them admins cannot ` +
    'upload; ask the provider, or use another S3 service.',
};

const presignedGet: DoctorCheck = {
  name: 'presigned GET',
  async run({ client, bucket, probeKey, probe, presignedFetch }) {
    const { url } = await presignGet(client, bucket, probeKey, {
      downloadName: 'Doctor Check.bin',
      contentType: 'application/x-party-doctor',
    });
    const response = await presignedFetch(url);
    expect(response.status === 200, `the presigned URL answered ${response.status}`);
    expect(sha256(response.body) === sha256(probe), 'the presigned URL returned other bytes');
    const wanted = `private, max-age=${PRESIGN_TTL_SECONDS - SIGNING_WINDOW_SECONDS}`;
    const problems = [
      header(response.headers, 'cache-control') === wanted
        ? ''
        : `Cache-Control is "${header(response.headers, 'cache-control')}", not "${wanted}"`,
      header(response.headers, 'content-type') === 'application/x-party-doctor'
        ? ''
        : 'the response-content-type override is ignored',
      header(response.headers, 'content-disposition')?.includes('filename="Doctor Check.bin"')
        ? ''
        : 'the response-content-disposition override is ignored (downloads lose their names)',
    ].filter(Boolean);
    expect(problems.length === 0, problems.join('; '));
    return 'a presigned URL serves the object with the Cache-Control, Content-Type and download name it asks for';
  },
  fix:
    'Members could not load media from presigned URLs. Check that the bucket is private but the keys ' +
    'may sign GETs; if the service ignores the response-* overrides, set DELIVERY_MODE=proxy.',
};

const rangeViaPresigned: DoctorCheck = {
  name: 'Range 206 via presigned URL',
  async run({ client, bucket, probeKey, probe, presignedFetch }) {
    const { url } = await presignGet(client, bucket, probeKey);
    const ranged = await presignedFetch(url, { range: 'bytes=100-199' });
    expect(ranged.status === 206, `Range bytes=100-199 answered ${ranged.status}, not 206`);
    expect(
      header(ranged.headers, 'content-range') === `bytes 100-199/${PROBE_BYTES}`,
      `Content-Range is "${header(ranged.headers, 'content-range')}"`,
    );
    expect(ranged.body.equals(probe.subarray(100, 200)), 'the range holds other bytes');
    const suffix = await presignedFetch(url, { range: 'bytes=-100' });
    expect(
      suffix.status === 206 && suffix.body.equals(probe.subarray(PROBE_BYTES - 100)),
      `the suffix range bytes=-100 answered ${suffix.status} with ${suffix.body.length} bytes`,
    );
    return '206 with the right Content-Range and bytes, also for a suffix range';
  },
  fix:
    'Seeking in long sets needs HTTP Range on presigned URLs. Set DELIVERY_MODE=proxy so the server ' +
    'answers ranges itself.',
};

const expiryEnforced: DoctorCheck = {
  name: 'presigned URL expiry enforced',
  async run({ client, bucket, probeKey, presignedFetch }) {
    // Signed long enough ago that the URL expired five minutes before now.
    const now = new Date(Date.now() - (PRESIGN_TTL_SECONDS + SIGNING_WINDOW_SECONDS + 300) * 1000);
    const { url, expiresAt } = await presignGet(client, bucket, probeKey, { now });
    const response = await presignedFetch(url);
    expect(
      response.status === 403,
      `a URL that expired at ${expiresAt.toISOString()} still answered ${response.status}`,
    );
    return 'an expired presigned URL is refused with 403';
  },
  fix:
    'The service serves expired presigned URLs, so a leaked URL works forever. Set DELIVERY_MODE=proxy ' +
    '(the server checks every request against the session) and report it to the provider.',
};

const tamperedSignature: DoctorCheck = {
  name: 'tampered signature refused',
  async run({ client, bucket, probeKey, presignedFetch }) {
    const { url } = await presignGet(client, bucket, probeKey);
    const parsed = new URL(url);
    const signature = parsed.searchParams.get('X-Amz-Signature') ?? '';
    expect(signature, 'the presigned URL carries no X-Amz-Signature');
    parsed.searchParams.set(
      'X-Amz-Signature',
      `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`,
    );
    const tampered = await presignedFetch(parsed.href);
    expect(tampered.status === 403, `a URL with an altered signature answered ${tampered.status}`);
    const otherKey = new URL(url);
    otherKey.pathname = otherKey.pathname.replace(/probe\.bin$/, 'small.txt');
    const moved = await presignedFetch(otherKey.href);
    expect(moved.status === 403, `a signature reused for another key answered ${moved.status}`);
    return 'an altered signature and a signature reused for another key are both refused with 403';
  },
  fix:
    'The service does not verify presigned URLs: anyone who learns a key can read it. Set ' +
    'DELIVERY_MODE=proxy and report it to the provider.',
};

/** Required only where browsers read S3 directly (presigned delivery) and there are origins to try. */
const corsPreflight: DoctorCheck = {
  name: 'CORS preflight',
  required: ({ deliveryMode, corsOrigins }) => deliveryMode === 'presigned' && corsOrigins.length > 0,
  async run({ client, bucket, probeKey, options, presignedFetch }) {
    if (options.corsOrigins.length === 0) {
      if (options.deliveryMode !== 'presigned') return 'no SPA origins configured to check';
      throw new CheckFailure(
        'no SPA origins configured to check',
        'Set PUBLIC_URL (and TRUSTED_ORIGINS) so the check knows the SPA origins.',
      );
    }
    const { url } = await presignGet(client, bucket, probeKey);
    const failing: string[] = [];
    for (const origin of options.corsOrigins) {
      const preflight = await rawRequest(url, 'OPTIONS', {
        origin,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'range',
      });
      const allowed = header(preflight.headers, 'access-control-allow-origin');
      if (preflight.status >= 300 || (allowed !== origin && allowed !== '*')) {
        failing.push(`${origin} (preflight ${preflight.status}, allow-origin ${allowed ?? 'missing'})`);
        continue;
      }
      const actual = await presignedFetch(url, { origin, range: 'bytes=0-0' });
      const exposed = (header(actual.headers, 'access-control-expose-headers') ?? '').toLowerCase();
      if (!header(actual.headers, 'access-control-allow-origin') || !exposed.includes('content-range')) {
        failing.push(`${origin} (GET without Access-Control-Allow-Origin or exposed Content-Range)`);
      }
    }
    expect(failing.length === 0, `refused: ${failing.join('; ')}`);
    return `GET with Range allowed from ${options.corsOrigins.join(', ')}`;
  },
  fix:
    'Give the bucket a CORS rule: AllowedOrigin = each SPA origin, AllowedMethod GET and HEAD, ' +
    'AllowedHeader *, ExposeHeader ETag, Content-Range, Accept-Ranges, Content-Length (for example ' +
    'with `aws s3api put-bucket-cors --endpoint-url $S3_ENDPOINT`). Without it the waveform peaks ' +
    'cannot be fetched from presigned URLs, and the player cannot raise quiet sets to the loudness ' +
    'target (Web Audio needs CORS; it then only lowers loud sets). Not needed with DELIVERY_MODE=proxy (same origin).',
  unprovenOnEmulator: ({ corsOrigins }) =>
    corsOrigins.length > 0
      ? 'the emulator serves the CORS rule this app wrote into it at start-up'
      : undefined,
};

/** Fails only when S3_TAGGING asks for tagging the service lacks; without it tus does not tag. */
const objectTagging: DoctorCheck = {
  name: 'object tagging (tus)',
  async run({ client, bucket, probeKey, options }) {
    const works = await client
      .send(
        new PutObjectTaggingCommand({
          Bucket: bucket,
          Key: probeKey,
          Tagging: { TagSet: [{ Key: 'Tus-Completed', Value: 'false' }] },
        }),
      )
      .then(() => client.send(new GetObjectTaggingCommand({ Bucket: bucket, Key: probeKey })))
      .then(
        (tags) =>
          (tags.TagSet ?? []).some((t) => t.Key === 'Tus-Completed' && t.Value === 'false') || 'not stored',
        (error: unknown) => describe(error),
      );
    if (works === true) {
      return options.tagging
        ? 'supported, and S3_TAGGING=true uses it'
        : 'supported; S3_TAGGING=true would let tus mark incomplete parts for lifecycle rules';
    }
    expect(!options.tagging, `S3_TAGGING=true but tagging fails: ${works}`);
    return `not supported (${works}), and S3_TAGGING is off, as it must be`;
  },
  fix: 'Set S3_TAGGING=false: the tus S3 store then uploads without object tags.',
};

const clockSkew: DoctorCheck = {
  name: 'clock skew',
  async run(context) {
    const { client, bucket, probeKey, presignedFetch } = context;
    if (!context.serverDate)
      await presignedFetch((await presignGet(client, bucket, probeKey)).url, {}, 'HEAD');
    const { serverDate } = context;
    expect(serverDate && Number.isFinite(serverDate.date.getTime()), 'the service sent no Date header');
    // Date is cut to whole seconds: the service's time was somewhere in the second after it.
    const skew = (serverDate.localMs - (serverDate.date.getTime() + 500)) / 1000;
    const seconds = Math.abs(skew) <= 1 ? 0 : Math.round(skew);
    expect(
      Math.abs(seconds) <= CLOCK_SKEW_LIMIT_SECONDS,
      `this machine's clock is ${Math.abs(seconds)} s ${seconds > 0 ? 'ahead of' : 'behind'} the service's`,
    );
    return seconds === 0
      ? 'in step with the service (within a second)'
      : `off by ${seconds} s (allowed ${CLOCK_SKEW_LIMIT_SECONDS} s)`;
  },
  fix:
    "Presigned URLs are signed with this machine's clock and checked with the service's: sync the " +
    'clock (timedatectl set-ntp true, or chrony).',
  unprovenOnEmulator: "the emulator runs on this machine's own clock",
};

/** Runs last whenever anything may have been written, also after failures. */
const cleanup: DoctorCheck = {
  name: 'cleanup',
  async run({ client, bucket, prefix, openUploads }) {
    for (const { key, uploadId } of openUploads) {
      await client
        .send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }))
        .catch(() => {});
    }
    const keys: string[] = [];
    for await (const object of listObjects(client, bucket, prefix)) keys.push(object.key);
    if (keys.length > 0) await deleteObjects(client, bucket, keys);
    const left: string[] = [];
    for await (const object of listObjects(client, bucket, prefix)) left.push(object.key);
    expect(left.length === 0, `${left.length} test object(s) are left under ${prefix}`);
    return `removed ${keys.length} test object(s) under ${prefix} (ListObjectsV2 and DeleteObjects work)`;
  },
  fix: 'Delete what is left under the doctor/ prefix by hand; the sweeper needs ListObjectsV2 and DeleteObjects too.',
};

/** The doctor's checks, in the order they run and are reported. */
export const DOCTOR_CHECKS: readonly DoctorCheck[] = [
  pathStyle,
  putHeadGetDelete,
  multipart,
  presignedGet,
  rangeViaPresigned,
  expiryEnforced,
  tamperedSignature,
  corsPreflight,
  objectTagging,
  clockSkew,
];

const byOptions = <T>(value: ByOptions<T>, options: DoctorOptions): T =>
  typeof value === 'function' ? (value as (options: DoctorOptions) => T)(options) : value;

async function runCheck(check: DoctorCheck, context: DoctorContext): Promise<CheckResult> {
  const { options } = context;
  const required = byOptions(check.required ?? true, options);
  try {
    const detail = await check.run(context);
    const unproven = options.emulator ? byOptions(check.unprovenOnEmulator, options) : undefined;
    return { name: check.name, status: 'pass', required, detail, unprovenOnEmulator: unproven };
  } catch (error) {
    const detail = error instanceof Error && !('$metadata' in error) ? error.message : describe(error);
    const fix = (error instanceof CheckFailure && error.fix) || check.fix;
    return { name: check.name, status: required ? 'fail' : 'warn', required, detail, fix };
  }
}

/**
 * Checks the configured S3 endpoint and bucket the way this app uses them and returns one result
 * per check of {@link DOCTOR_CHECKS} (then the cleanup), each failure with its fix. Everything it
 * writes lives under `doctor/<uuid>/` and is removed at the end, also when checks fail.
 */
export async function runDoctorChecks(options: DoctorOptions): Promise<CheckResult[]> {
  const context = createDoctorContext(options);
  const results: CheckResult[] = [];
  let wrote = false;
  try {
    for (const [index, check] of DOCTOR_CHECKS.entries()) {
      const result = await runCheck(check, context);
      results.push(result);
      if (!check.gate) continue;
      if (result.status !== 'pass') {
        for (const skipped of DOCTOR_CHECKS.slice(index + 1)) {
          results.push({
            name: skipped.name,
            status: 'skip',
            required: true,
            detail: `not run: ${check.gate}`,
          });
        }
        return results;
      }
      wrote = true;
    }
  } finally {
    // Cleanup runs whatever failed above, and is itself reported.
    if (wrote) results.push(await runCheck(cleanup, context));
    context.client.destroy();
  }
  return results;
}

/** The doctor passes when no required check failed. */
export function doctorPassed(results: CheckResult[]): boolean {
  return results.every((r) => !(r.required && (r.status === 'fail' || r.status === 'skip')));
}
