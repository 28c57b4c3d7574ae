import { createHash, createHmac } from 'node:crypto';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

/*
 * Presigned GETs at the cost of two hashes. `getSignedUrl` runs the SDK's whole middleware stack
 * per URL (~2,900 URLs/s here), so a 2,000-photo gallery cost over a second of CPU. Everything but
 * the key and the response overrides is the same for every URL of one bucket and signing window:
 * this asks the SDK for one reference URL per window (which settles the endpoint, path style,
 * credentials and the query parameters it adds) and signs each further URL itself with the
 * window's signing key, exactly as SigV4 query signing prescribes. `sigv4-presigner.test.ts`
 * compares its URLs with the SDK's byte for byte.
 */

const PROBE_KEY = 'presign-probe';
/** URLs remembered per window: one window's URLs are the same for everyone (~400 bytes each). */
const REMEMBERED_URLS = 20_000;

interface WindowTemplate {
  /** `scheme://host[:port]` and the path up to the key (`/bucket/` path-style, `/` virtual-hosted). */
  origin: string;
  pathPrefix: string;
  host: string;
  /** Encoded query parameters every URL of the window carries, except the signature. */
  params: Array<[string, string]>;
  amzDate: string;
  scope: string;
  signingKey: Buffer;
  /** URLs already signed in this window, by key and overrides (bounded; cleared when full). */
  signed: Map<string, string>;
}

export interface PresignRequest {
  bucket: string;
  key: string;
  expiresIn: number;
  signingDate: Date;
  /** `response-*` overrides (e.g. `response-cache-control`), unencoded. */
  overrides: Record<string, string | undefined>;
}

/** RFC 3986 encoding as SigV4 requires it (encodeURIComponent leaves !'()* alone). */
function escapeUri(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

const escapePath = (key: string) => key.split('/').map(escapeUri).join('/');
const sha256Hex = (data: string) => createHash('sha256').update(data).digest('hex');
const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();

function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export class SigV4Presigner {
  /** One template per bucket, signing window and expiry; old windows are dropped as new ones come. */
  private readonly templates = new Map<string, Promise<WindowTemplate>>();

  constructor(private readonly client: S3Client) {}

  async presign(request: PresignRequest): Promise<string> {
    const template = await this.template(request);
    // Keys and override values cannot hold a NUL character in a URL, so it separates them safely.
    let id = request.key;
    // Overrides left undefined are not signed, so they are not part of the id either.
    for (const [name, value] of Object.entries(request.overrides))
      if (value !== undefined) id += `\0${name}\0${value}`;
    const remembered = template.signed.get(id);
    if (remembered) return remembered;
    const url = this.sign(template, request);
    if (template.signed.size >= REMEMBERED_URLS) template.signed.clear();
    template.signed.set(id, url);
    return url;
  }

  private sign(template: WindowTemplate, request: PresignRequest): string {
    const params = [...template.params];
    for (const [name, value] of Object.entries(request.overrides)) {
      if (value !== undefined) params.push([escapeUri(name), escapeUri(value)]);
    }
    params.sort(([a], [b]) => compareCodePoints(a, b));
    const query = params.map(([name, value]) => `${name}=${value}`).join('&');
    const path = `${template.pathPrefix}${escapePath(request.key)}`;
    const canonicalRequest = `GET\n${path}\n${query}\nhost:${template.host}\n\nhost\nUNSIGNED-PAYLOAD`;
    const stringToSign = `AWS4-HMAC-SHA256\n${template.amzDate}\n${template.scope}\n${sha256Hex(canonicalRequest)}`;
    const signature = createHmac('sha256', template.signingKey).update(stringToSign).digest('hex');
    params.push(['X-Amz-Signature', signature]);
    params.sort(([a], [b]) => compareCodePoints(a, b));
    return `${template.origin}${path}?${params.map(([name, value]) => `${name}=${value}`).join('&')}`;
  }

  private template(request: PresignRequest): Promise<WindowTemplate> {
    const id = `${request.bucket}\n${request.signingDate.getTime()}\n${request.expiresIn}`;
    let template = this.templates.get(id);
    if (!template) {
      // Only the current windows matter: an older one's URLs are never handed out again.
      if (this.templates.size >= 4) this.templates.clear();
      template = this.buildTemplate(request);
      // A failed reference (S3 client misconfigured) must not stick: the next call tries again.
      template.catch(() => this.templates.delete(id));
      this.templates.set(id, template);
    }
    return template;
  }

  private async buildTemplate(request: PresignRequest): Promise<WindowTemplate> {
    const reference = new URL(
      await getSignedUrl(this.client, new GetObjectCommand({ Bucket: request.bucket, Key: PROBE_KEY }), {
        expiresIn: request.expiresIn,
        signingDate: request.signingDate,
      }),
    );
    if (!reference.pathname.endsWith(`/${PROBE_KEY}`)) {
      throw new Error(`Unexpected presigned URL layout: ${reference.origin}${reference.pathname}`);
    }
    const credentials = await this.client.config.credentials();
    const params: Array<[string, string]> = [];
    for (const pair of reference.search.slice(1).split('&')) {
      const [name = '', value = ''] = pair.split('=');
      if (name !== 'X-Amz-Signature') params.push([name, value]);
    }
    const amzDate = decodeURIComponent(params.find(([name]) => name === 'X-Amz-Date')?.[1] ?? '');
    const credential = decodeURIComponent(params.find(([name]) => name === 'X-Amz-Credential')?.[1] ?? '');
    // Credential = <access key>/<date>/<region>/<service>/aws4_request
    const [, date = '', region = '', service = ''] = credential.split('/');
    const signingKey = [date, region, service, 'aws4_request'].reduce<Buffer>(
      (key, part) => hmac(key, part),
      Buffer.from(`AWS4${credentials.secretAccessKey}`),
    );
    return {
      origin: reference.origin,
      pathPrefix: reference.pathname.slice(0, -PROBE_KEY.length),
      host: reference.host,
      params,
      amzDate,
      scope: `${date}/${region}/${service}/aws4_request`,
      signingKey,
      signed: new Map(),
    };
  }
}
