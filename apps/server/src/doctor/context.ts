import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { S3Client } from '@aws-sdk/client-s3';
import { createS3Client, type DeliveryMode, type S3Config } from '@party/storage';

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

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** What the checks of one doctor run share: the client, the test prefix and what earlier checks left. */
export interface DoctorContext {
  options: DoctorOptions;
  client: S3Client;
  bucket: string;
  /** `doctor/<uuid>/`: everything the run writes lives here and is removed by the cleanup. */
  prefix: string;
  /** A random object the put check writes and the presigned checks read. */
  probeKey: string;
  probe: Buffer;
  /** Multipart uploads a failed check left open; the cleanup aborts them. */
  openUploads: Array<{ key: string; uploadId: string }>;
  /** The service's Date header from the first presigned fetch, for the clock check. */
  serverDate?: { date: Date; localMs: number };
  /** A fetch through a presigned URL, noting the service's Date header. */
  presignedFetch(url: string, headers?: Record<string, string>, method?: string): Promise<RawResponse>;
}

export const PROBE_BYTES = 64 * 1024;

export function createDoctorContext(options: DoctorOptions): DoctorContext {
  const prefix = `doctor/${randomUUID()}/`;
  const context: DoctorContext = {
    options,
    client: createS3Client(options.s3),
    bucket: options.s3.bucket,
    prefix,
    probeKey: `${prefix}probe.bin`,
    probe: randomBytes(PROBE_BYTES),
    openUploads: [],
    async presignedFetch(url, headers = {}, method = 'GET') {
      const before = Date.now();
      const response = await rawRequest(url, method, headers);
      const date = header(response.headers, 'date');
      if (date && !context.serverDate) {
        context.serverDate = { date: new Date(date), localMs: (before + Date.now()) / 2 };
      }
      return response;
    },
  };
  return context;
}

/** A plain HTTP(S) request (no SDK), as a browser or the media player would send it. */
export function rawRequest(
  url: string,
  method: string,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
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

/**
 * An SDK error as one line: name (the service's error code), HTTP status, message. Ceph's RADOS
 * Gateway sends an empty `<Message>`, for which the SDK says "UnknownError": left out, the code
 * says it all (README: S3 compatibility notes).
 */
export function describe(error: unknown): string {
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = e?.$metadata?.httpStatusCode;
  const message = e?.message === 'UnknownError' ? '' : (e?.message ?? String(error));
  return `${e?.name ?? 'Error'}${status ? ` (HTTP ${status})` : ''}${message ? `: ${message}` : ''}`;
}

export function statusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
}

export const header = (headers: IncomingHttpHeaders, name: string) => {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
};

export const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

/** A failure whose cure differs from the check's usual fix. */
export class CheckFailure extends Error {
  constructor(
    message: string,
    readonly fix?: string,
  ) {
    super(message);
  }
}

/** Throws with `message` unless `condition` holds; the message becomes the check's detail. */
export function expect(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}
