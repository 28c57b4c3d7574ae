/** A minimal tus client over fetch, for tests that need real uploads through `/files`. */
import http from 'node:http';

const b64 = (value: string) => Buffer.from(value).toString('base64');

export function tusMetadata(fields: Record<string, string>): string {
  return Object.entries(fields)
    .map(([key, value]) => `${key} ${b64(value)}`)
    .join(',');
}

export function tusCreate(
  base: string,
  cookie: string,
  size: number,
  fields: Record<string, string>,
  extraHeaders = {},
) {
  return fetch(`${base}/files`, {
    method: 'POST',
    headers: {
      cookie,
      'tus-resumable': '1.0.0',
      'upload-length': String(size),
      'upload-metadata': tusMetadata(fields),
      ...extraHeaders,
    },
  });
}

export function tusPatch(base: string, cookie: string, location: string, offset: number, body: Uint8Array) {
  return fetch(new URL(location, base), {
    method: 'PATCH',
    headers: {
      cookie,
      'tus-resumable': '1.0.0',
      'upload-offset': String(offset),
      'content-type': 'application/offset+octet-stream',
    },
    body,
  });
}

/** Uploads a whole file in one PATCH; returns the S3 key of the original. */
export async function tusUpload(
  base: string,
  cookie: string,
  bytes: Uint8Array,
  fields: Record<string, string>,
) {
  const created = await tusCreate(base, cookie, bytes.length, fields);
  if (created.status !== 201) throw new Error(`tus create failed: ${created.status} ${await created.text()}`);
  const location = created.headers.get('location') ?? '';
  const patched = await tusPatch(base, cookie, location, 0, bytes);
  if (patched.status !== 204) throw new Error(`tus patch failed: ${patched.status} ${await patched.text()}`);
  return `originals/${location.split('/').pop()}`;
}

/**
 * A PATCH that announces all of `rest` but sends only `sendBytes` of it, then loses the connection
 * mid-body: what a browser on venue Wi-Fi does. Resolves once the connection is gone.
 */
export async function tusInterruptedPatch(
  base: string,
  cookie: string,
  location: string,
  offset: number,
  rest: Uint8Array,
  sendBytes: number,
): Promise<void> {
  const req = http.request(new URL(location, base), {
    method: 'PATCH',
    headers: {
      cookie,
      'tus-resumable': '1.0.0',
      'upload-offset': String(offset),
      'content-type': 'application/offset+octet-stream',
      'content-length': String(rest.length),
    },
  });
  const ended = new Promise<void>((resolve) => {
    req.on('error', () => resolve()); // expected: socket hang up / ECONNRESET
    req.on('response', (res) => {
      res.resume();
      resolve();
    });
  });
  const CHUNK = 256 * 1024;
  for (let sent = 0; sent < sendBytes; sent += CHUNK) {
    const chunk = rest.subarray(sent, Math.min(sent + CHUNK, sendBytes));
    await new Promise<void>((resolve, reject) => req.write(chunk, (err) => (err ? reject(err) : resolve())));
  }
  // Let the server read what was sent before the connection goes away mid-body.
  await new Promise((resolve) => setTimeout(resolve, 300));
  req.destroy();
  await ended;
}

/** The upload's offset as the server reports it (HEAD). */
export async function tusOffset(base: string, cookie: string, location: string) {
  const res = await fetch(new URL(location, base), {
    method: 'HEAD',
    headers: { cookie, 'tus-resumable': '1.0.0' },
  });
  return { status: res.status, offset: Number(res.headers.get('upload-offset')) };
}
