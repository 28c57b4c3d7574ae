import type { S3Client } from '@aws-sdk/client-s3';
import { SigV4Presigner } from './sigv4-presigner';

/** Lifetime of a presigned URL, counted from its (bucketed) signing time. */
export const PRESIGN_TTL_SECONDS = 15 * 60;
/** Signing times are rounded down to this window, so one URL serves everyone inside it. */
export const SIGNING_WINDOW_SECONDS = 5 * 60;

/**
 * The signing time and cache lifetime for a URL signed at `now`. Within one window every request
 * gets the same signing date (so the same URL, which browsers can cache), and the cache lifetime
 * is the time such a URL has left at the end of the window, so no cached copy outlives its URL.
 */
export function signingWindow(now: Date): { signingDate: Date; expiresAt: Date; maxAgeSeconds: number } {
  const windowMs = SIGNING_WINDOW_SECONDS * 1000;
  const signingDate = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  return {
    signingDate,
    expiresAt: new Date(signingDate.getTime() + PRESIGN_TTL_SECONDS * 1000),
    maxAgeSeconds: PRESIGN_TTL_SECONDS - SIGNING_WINDOW_SECONDS,
  };
}

export interface PresignOptions {
  /** Offer the object as a download under this file name (Content-Disposition: attachment). */
  downloadName?: string;
  contentType?: string;
  now?: Date;
}

/** RFC 6266 Content-Disposition with an ASCII fallback and the UTF-8 name. */
export function attachmentDisposition(fileName: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  const cleaned = fileName.replace(/[\u0000-\u001f\u007f/\\]/g, '_').slice(0, 200) || 'download';
  const ascii = cleaned.replace(/[^\x20-\x7e]/g, '_').replace(/["%;]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(cleaned)}`;
}

/**
 * A presigned GET URL for a private object. Generated per request after the caller checked
 * visibility; never stored, never logged in full.
 */
export async function presignGet(
  client: S3Client,
  bucket: string,
  key: string,
  options: PresignOptions = {},
): Promise<{ url: string; expiresAt: Date }> {
  const window = signingWindow(options.now ?? new Date());
  const url = await presignerFor(client).presign({
    bucket,
    key,
    expiresIn: PRESIGN_TTL_SECONDS,
    signingDate: window.signingDate,
    overrides: {
      'response-cache-control': `private, max-age=${window.maxAgeSeconds}`,
      'response-content-disposition': options.downloadName
        ? attachmentDisposition(options.downloadName)
        : undefined,
      'response-content-type': options.contentType,
    },
  });
  return { url, expiresAt: window.expiresAt };
}

const presigners = new WeakMap<S3Client, SigV4Presigner>();

function presignerFor(client: S3Client): SigV4Presigner {
  let presigner = presigners.get(client);
  if (!presigner) {
    presigner = new SigV4Presigner(client);
    presigners.set(client, presigner);
  }
  return presigner;
}
