/*
 * The HTTP rules of serving one object (RFC 9110): conditional requests and byte ranges. Pure
 * functions over header values, so the proxy route stays a thin adapter and the rules are
 * unit-tested on their own.
 */

/** What the proxy knows about an object from S3's HEAD. */
export interface ObjectValidators {
  size: number;
  /** The S3 ETag, quoted as S3 sends it (`"abc..."`). */
  etag: string;
  lastModified?: Date;
}

/** The answer to a Range request against an object of a known size. */
export type RangeDecision =
  | { kind: 'full' }
  | { kind: 'partial'; start: number; end: number }
  | { kind: 'unsatisfiable' };

const BYTE_RANGE = /^(\d*)-(\d*)$/;

/**
 * Evaluates a `Range` header for an object of `size` bytes. One range (`a-b`, `a-`, or the suffix
 * `-n`) gives a partial answer; a header we do not understand, another unit or several ranges are
 * answered with the whole object (RFC 9110 allows ignoring Range); a syntactically valid range
 * that starts past the end is unsatisfiable (416).
 */
export function decideRange(header: string | undefined, size: number): RangeDecision {
  if (!header) return { kind: 'full' };
  const match = /^\s*bytes\s*=\s*(.+)$/i.exec(header);
  if (!match?.[1]) return { kind: 'full' };
  const specs = match[1].split(',').map((spec) => spec.trim());
  if (specs.length !== 1) return { kind: 'full' };
  const spec = BYTE_RANGE.exec(specs[0] ?? '');
  if (!spec) return { kind: 'full' };
  const [, first = '', last = ''] = spec;
  if (first === '' && last === '') return { kind: 'full' };
  if (first === '') {
    // Suffix range: the last n bytes. A zero-length suffix selects nothing.
    const suffix = Number(last);
    if (!Number.isSafeInteger(suffix)) return { kind: 'full' };
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Number(last);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end)) return { kind: 'full' };
  if (last !== '' && end < start) return { kind: 'full' }; // invalid per RFC 9110: ignore the header
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end: Math.min(end, size - 1) };
}

/** Splits an `If-None-Match` / `If-Match` list into entity tags (quoted, possibly `W/`-prefixed). */
function entityTags(header: string): string[] {
  return header.match(/(?:W\/)?"[^"]*"|\*/g) ?? [];
}

const opaque = (tag: string) => tag.replace(/^W\//, '');

/** HTTP-date with second precision, as Last-Modified sends it. */
function seconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/**
 * True when a GET/HEAD can be answered with 304 Not Modified: `If-None-Match` matches the ETag
 * (weak comparison), or, only without `If-None-Match`, nothing changed since `If-Modified-Since`.
 */
export function isNotModified(
  headers: { ifNoneMatch?: string; ifModifiedSince?: string },
  object: ObjectValidators,
): boolean {
  if (headers.ifNoneMatch) {
    return entityTags(headers.ifNoneMatch).some((tag) => tag === '*' || opaque(tag) === opaque(object.etag));
  }
  if (headers.ifModifiedSince && object.lastModified) {
    const since = Date.parse(headers.ifModifiedSince);
    return Number.isFinite(since) && seconds(object.lastModified) <= Math.floor(since / 1000);
  }
  return false;
}

/**
 * True when a Range may be honoured under `If-Range`: no If-Range, or it names the current
 * representation (strong ETag comparison, or exactly the Last-Modified date). Otherwise the client
 * holds a stale partial copy and must get the whole object (200).
 */
export function ifRangeAllows(ifRange: string | undefined, object: ObjectValidators): boolean {
  if (!ifRange) return true;
  const value = ifRange.trim();
  if (value.startsWith('"') || value.startsWith('W/')) {
    return !value.startsWith('W/') && !object.etag.startsWith('W/') && value === object.etag;
  }
  const date = Date.parse(value);
  return Number.isFinite(date) && !!object.lastModified && seconds(object.lastModified) === date / 1000;
}
