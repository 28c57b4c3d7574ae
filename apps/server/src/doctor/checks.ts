import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
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
  createS3Client,
  type DeliveryMode,
  deleteObjects,
  listObjects,
  PRESIGN_TTL_SECONDS,
  presignGet,
  type S3Config,
  SIGNING_WINDOW_SECONDS,
} from '@party/storage';

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

export interface DoctorOptions {
  s3: S3Config;
  /** Browser origins of the SPAs (PUBLIC_URL, TRUSTED_ORIGINS, dev servers). */
  corsOrigins: string[];
  /** `S3_TAGGING`. */
  tagging: boolean;
  deliveryMode: DeliveryMode;
  /** True when the endpoint is the local emulator, so the checks it cannot prove say so. */
  emulator: boolean;
}

const MiB = 1024 * 1024;
/** The tus S3 store's minimum (and, here, only) non-trailing part size. */
const PART_SIZE = 5 * MiB;
const PROBE_BYTES = 64 * 1024;
const CLOCK_SKEW_LIMIT_SECONDS = 60;

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A plain HTTP(S) request (no SDK), as a browser or the media player would send it. */
function rawRequest(url: string, method: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  const send = url.startsWith('https:') ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method, headers, agent: false, timeout: 30_000 }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (data: Buffer) => parts.push(data));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts) }),
      );
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 30 s')));
    req.on('error', reject);
    req.end();
  });
}

function describe(error: unknown): string {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = e?.$metadata?.httpStatusCode;
  return `${e?.name ?? 'Error'}${status ? ` (HTTP ${status})` : ''}: ${e?.message ?? String(error)}`;
}

function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}

const header = (headers: IncomingHttpHeaders, name: string) => {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
};

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** Throws with `message` unless `condition` holds; the message becomes the check's detail. */
function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/**
 * Checks the configured S3 endpoint and bucket the way this app uses them and returns one result
 * per check, each failure with its fix. Everything it writes lives under `doctor/<uuid>/` and is
 * removed at the end, also when checks fail.
 */
export async function runDoctorChecks(options: DoctorOptions): Promise<CheckResult[]> {
  const { s3: config } = options;
  const client = createS3Client(config);
  const bucket = config.bucket;
  const prefix = `doctor/${randomUUID()}/`;
  const probeKey = `${prefix}probe.bin`;
  const probe = randomBytes(PROBE_BYTES);
  const results: CheckResult[] = [];
  const uploadIds: Array<{ key: string; uploadId: string }> = [];
  let serverDate: { date: Date; localMs: number } | undefined;
  let wrote = false;

  async function check(
    name: string,
    body: () => Promise<string>,
    extra: Pick<CheckResult, 'fix' | 'unprovenOnEmulator'> & { required?: boolean } = {},
  ): Promise<boolean> {
    const required = extra.required ?? true;
    try {
      const detail = await body();
      results.push({
        name,
        status: 'pass',
        required,
        detail,
        unprovenOnEmulator: options.emulator ? extra.unprovenOnEmulator : undefined,
      });
      return true;
    } catch (error) {
      const detail = error instanceof Error && !('$metadata' in error) ? error.message : describe(error);
      results.push({ name, status: required ? 'fail' : 'warn', required, detail, fix: extra.fix });
      return false;
    }
  }

  const skip = (name: string, why: string) =>
    results.push({ name, status: 'skip', required: true, detail: why });

  /** A fetch through a presigned URL, noting the service's Date header for the clock check. */
  async function presignedFetch(url: string, headers: Record<string, string> = {}, method = 'GET') {
    const before = Date.now();
    const response = await rawRequest(url, method, headers);
    const date = header(response.headers, 'date');
    if (date && !serverDate) serverDate = { date: new Date(date), localMs: (before + Date.now()) / 2 };
    return response;
  }

  try {
    const reachable = await check(
      'path-style addressing',
      async () => {
        const endpoint = new URL(config.endpoint);
        expect(
          !endpoint.hostname.startsWith(`${bucket}.`) &&
            !endpoint.pathname.replace(/\/$/, '').endsWith(bucket),
          `S3_ENDPOINT ${config.endpoint} already names the bucket`,
        );
        try {
          await client.send(new HeadBucketCommand({ Bucket: bucket }));
        } catch (error) {
          const status = statusOf(error);
          if (status === 403)
            throw new Error(`${describe(error)}: the credentials are refused for this bucket`);
          if (status === 404) throw new Error(`${describe(error)}: there is no bucket "${bucket}" here`);
          throw new Error(`${describe(error)}: ${config.endpoint}/${bucket} did not answer as a bucket`);
        }
        const url = new URL((await presignGet(client, bucket, probeKey)).url);
        expect(
          url.host === endpoint.host &&
            url.pathname.startsWith(`${endpoint.pathname.replace(/\/$/, '')}/${bucket}/`),
          `URLs do not have the form ${endpoint.origin}/${bucket}/<key> (got ${url.origin}${url.pathname})`,
        );
        return `HeadBucket on ${endpoint.origin}/${bucket} answered; keys are addressed as /${bucket}/<key>`;
      },
      {
        fix:
          'Set S3_ENDPOINT to the service URL without the bucket (e.g. https://s3.hidrive.strato.com), ' +
          'S3_BUCKET to an existing bucket, and S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY to keys with access ' +
          'to it. This app always uses path-style URLs (https://host/bucket/key), which Strato requires.',
        unprovenOnEmulator: 'the emulator serves path-style only because it is configured to',
      },
    );
    if (!reachable) {
      for (const name of [
        'put/head/get/delete',
        'multipart upload (5 MiB parts)',
        'presigned GET',
        'Range 206 via presigned URL',
        'presigned URL expiry enforced',
        'tampered signature refused',
        'CORS preflight',
        'object tagging (tus)',
        'clock skew',
      ]) {
        skip(name, 'not run: the bucket is not reachable');
      }
      return results;
    }
    wrote = true;

    await check(
      'put/head/get/delete',
      async () => {
        const key = `${prefix}small.txt`;
        const body = Buffer.from(`party media doctor ${randomUUID()}\n`);
        await client.send(
          new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'text/plain' }),
        );
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        expect(
          head.ContentLength === body.length,
          `HEAD says ${head.ContentLength} bytes, not ${body.length}`,
        );
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
      {
        fix:
          'The access key needs s3:PutObject, s3:GetObject and s3:DeleteObject on the bucket; checksums are ' +
          'sent only when required, so a service that rejects plain PUTs is not S3-compatible enough.',
      },
    );

    await check(
      'multipart upload (5 MiB parts)',
      async () => {
        const key = `${prefix}multipart.bin`;
        const parts = [randomBytes(PART_SIZE), randomBytes(PART_SIZE), randomBytes(1000)];
        const created = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
        const uploadId = created.UploadId;
        expect(uploadId, 'CreateMultipartUpload returned no UploadId');
        uploadIds.push({ key, uploadId });
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
        const listed = await client.send(
          new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId }),
        );
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
        uploadIds.pop();
        const whole = Buffer.concat(parts);
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        expect(head.ContentLength === whole.length, `the completed object has ${head.ContentLength} bytes`);
        const seam = await client.send(
          new GetObjectCommand({
            Bucket: bucket,
            Key: key,
            Range: `bytes=${PART_SIZE - 8}-${PART_SIZE + 7}`,
          }),
        );
        const seamBytes = Buffer.from((await seam.Body?.transformToByteArray()) ?? []);
        expect(
          seamBytes.equals(whole.subarray(PART_SIZE - 8, PART_SIZE + 8)),
          'the bytes across the first part boundary are wrong',
        );

        const aborted = await client.send(
          new CreateMultipartUploadCommand({ Bucket: bucket, Key: `${key}.abort` }),
        );
        const abortId = aborted.UploadId;
        expect(abortId, 'CreateMultipartUpload returned no UploadId');
        uploadIds.push({ key: `${key}.abort`, uploadId: abortId });
        await client.send(
          new UploadPartCommand({
            Bucket: bucket,
            Key: `${key}.abort`,
            UploadId: abortId,
            PartNumber: 1,
            Body: parts[2],
            ContentLength: parts[2]?.length,
          }),
        );
        await client.send(
          new AbortMultipartUploadCommand({ Bucket: bucket, Key: `${key}.abort`, UploadId: abortId }),
        );
        uploadIds.pop();
        const pending = await client.send(
          new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix }),
        );
        expect(
          !(pending.Uploads ?? []).some((u) => u.UploadId === abortId),
          'the aborted upload is still listed by ListMultipartUploads',
        );
        return 'create, 2 × 5 MiB + trailing part, ListParts, complete (bytes right across the seam), abort';
      },
      {
        fix:
          'Resumable uploads (tus) need CreateMultipartUpload, UploadPart, ListParts, CompleteMultipartUpload, ' +
          'AbortMultipartUpload and ListMultipartUploads with equal 5 MiB parts. Without them admins cannot ' +
          'upload; ask the provider, or use another S3 service.',
      },
    );

    await check(
      'presigned GET',
      async () => {
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
      {
        fix:
          'Members could not load media from presigned URLs. Check that the bucket is private but the keys ' +
          'may sign GETs; if the service ignores the response-* overrides, set DELIVERY_MODE=proxy.',
      },
    );

    await check(
      'Range 206 via presigned URL',
      async () => {
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
      {
        fix:
          'Seeking in long sets needs HTTP Range on presigned URLs. Set DELIVERY_MODE=proxy so the server ' +
          'answers ranges itself.',
      },
    );

    await check(
      'presigned URL expiry enforced',
      async () => {
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
      {
        fix:
          'The service serves expired presigned URLs, so a leaked URL works forever. Set DELIVERY_MODE=proxy ' +
          '(the server checks every request against the session) and report it to the provider.',
      },
    );

    await check(
      'tampered signature refused',
      async () => {
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
      {
        fix:
          'The service does not verify presigned URLs: anyone who learns a key can read it. Set ' +
          'DELIVERY_MODE=proxy and report it to the provider.',
      },
    );

    const corsRequired = options.deliveryMode === 'presigned';
    if (options.corsOrigins.length === 0) {
      results.push({
        name: 'CORS preflight',
        status: corsRequired ? 'warn' : 'pass',
        required: false,
        detail: 'no SPA origins configured to check',
        fix: corsRequired
          ? 'Set PUBLIC_URL (and TRUSTED_ORIGINS) so the check knows the SPA origins.'
          : undefined,
      });
    } else {
      await check(
        'CORS preflight',
        async () => {
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
            if (
              !header(actual.headers, 'access-control-allow-origin') ||
              !exposed.includes('content-range')
            ) {
              failing.push(`${origin} (GET without Access-Control-Allow-Origin or exposed Content-Range)`);
            }
          }
          expect(failing.length === 0, `refused: ${failing.join('; ')}`);
          return `GET with Range allowed from ${options.corsOrigins.join(', ')}`;
        },
        {
          required: corsRequired,
          fix:
            'Give the bucket a CORS rule: AllowedOrigin = each SPA origin, AllowedMethod GET and HEAD, ' +
            'AllowedHeader *, ExposeHeader ETag, Content-Range, Accept-Ranges, Content-Length (for example ' +
            'with `aws s3api put-bucket-cors --endpoint-url $S3_ENDPOINT`). Without it the waveform peaks ' +
            'cannot be fetched from presigned URLs. Not needed with DELIVERY_MODE=proxy (same origin).',
          unprovenOnEmulator: 'the emulator serves the CORS rule this app wrote into it at start-up',
        },
      );
    }

    const taggingWorks = await client
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
    if (taggingWorks === true) {
      results.push({
        name: 'object tagging (tus)',
        status: 'pass',
        required: true,
        detail: options.tagging
          ? 'supported, and S3_TAGGING=true uses it'
          : 'supported; S3_TAGGING=true would let tus mark incomplete parts for lifecycle rules',
      });
    } else {
      results.push({
        name: 'object tagging (tus)',
        status: options.tagging ? 'fail' : 'pass',
        required: true,
        detail: options.tagging
          ? `S3_TAGGING=true but tagging fails: ${taggingWorks}`
          : `not supported (${taggingWorks}), and S3_TAGGING is off, as it must be`,
        fix: options.tagging
          ? 'Set S3_TAGGING=false: the tus S3 store then uploads without object tags.'
          : undefined,
      });
    }

    await check(
      'clock skew',
      async () => {
        if (!serverDate) await presignedFetch((await presignGet(client, bucket, probeKey)).url, {}, 'HEAD');
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
      {
        fix:
          "Presigned URLs are signed with this machine's clock and checked with the service's: sync the " +
          'clock (timedatectl set-ntp true, or chrony).',
        unprovenOnEmulator: "the emulator runs on this machine's own clock",
      },
    );
  } finally {
    // Cleanup runs whatever failed above, and is itself reported.
    if (wrote)
      await check(
        'cleanup',
        async () => {
          for (const { key, uploadId } of uploadIds) {
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
        {
          fix: `Delete what is left under the doctor/ prefix by hand; the sweeper needs ListObjectsV2 and DeleteObjects too.`,
        },
      ).catch(() => {});
    client.destroy();
  }
  return results;
}

/** The doctor passes when no required check failed. */
export function doctorPassed(results: CheckResult[]): boolean {
  return results.every((r) => !(r.required && (r.status === 'fail' || r.status === 'skip')));
}
