/**
 * sharp/libvips report a full disk in the message only, without a `code`:
 * "/tmp/party-image-x/thumb.webp: write error\nsystem error: No space left on device".
 */
const LIBVIPS_DISK_FULL = /No space left on device/i;

/**
 * A sentence for an error that made a job fail and go back to the queue: shown in the worker's log
 * and, after the last attempt, to the admin. The operator must see at once when it is the machine
 * (a full disk, a missing program, an unreachable service) rather than the file.
 */
export function explainJobError(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const detail = error instanceof Error ? error.message : String(error);
  if (code === 'ENOSPC' || (code === '' && LIBVIPS_DISK_FULL.test(detail))) {
    return `The worker's disk is full (no space left to write ${pathOf(error) ?? libvipsPathOf(detail) ?? 'its temporary files'})`;
  }
  const status = s3StatusOf(error);
  if (status !== undefined) {
    // An S3 service's error: its code and status say what happened. Ceph's RADOS Gateway sends an
    // empty message, which the AWS SDK turns into "UnknownError" (README: S3 compatibility notes).
    const name = error instanceof Error ? error.name : 'Error';
    const message = detail && detail !== 'UnknownError' && detail !== name ? `: ${detail}` : '';
    return `S3 answered ${name} (HTTP ${status})${message}`;
  }
  switch (code) {
    case 'EDQUOT':
      return `The worker's disk quota is used up (${pathOf(error) ?? 'temporary files'})`;
    case 'ECONNREFUSED':
    case 'ECONNRESET':
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
      return `A service the worker needs did not answer (${code}: ${detail})`;
    case 'ENOENT':
      if (/spawn/.test(detail)) return `A program the worker needs is not installed (${detail})`;
      return detail;
    default:
      return detail;
  }
}

/** The HTTP status of an AWS SDK service error (it carries `$metadata`), else undefined. */
function s3StatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('$metadata' in error)) return undefined;
  const status = (error.$metadata as { httpStatusCode?: unknown } | undefined)?.httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}

function libvipsPathOf(detail: string): string | undefined {
  return /^(\/\S+): write error/.exec(detail)?.[1];
}

function pathOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'path' in error && typeof error.path === 'string'
    ? error.path
    : undefined;
}

/** What the admin sees after the last attempt failed. */
export function lastAttemptReason(error: unknown): string {
  return `Processing failed repeatedly: ${explainJobError(error)}. Try again later.`;
}
