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
