/** A minimal tus client over fetch, for tests that need real uploads through `/files`. */

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
