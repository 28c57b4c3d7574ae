import { describe, expect, it } from 'vitest';
import { decideRange, ifRangeAllows, isNotModified } from './http-semantics';

const object = { size: 1000, etag: '"abc"', lastModified: new Date('2026-11-26T10:00:00Z') };

describe('decideRange', () => {
  it('answers single, open and suffix ranges, clamped to the object', () => {
    expect(decideRange('bytes=0-99', 1000)).toEqual({ kind: 'partial', start: 0, end: 99 });
    expect(decideRange('bytes=100-', 1000)).toEqual({ kind: 'partial', start: 100, end: 999 });
    expect(decideRange('bytes=-500', 1000)).toEqual({ kind: 'partial', start: 500, end: 999 });
    expect(decideRange('bytes=-5000', 1000)).toEqual({ kind: 'partial', start: 0, end: 999 });
    expect(decideRange('bytes=990-5000', 1000)).toEqual({ kind: 'partial', start: 990, end: 999 });
    expect(decideRange('Bytes = 5-5', 1000)).toEqual({ kind: 'partial', start: 5, end: 5 });
  });

  it('refuses ranges past the end (416) and ignores what it does not understand (200)', () => {
    expect(decideRange('bytes=1000-', 1000)).toEqual({ kind: 'unsatisfiable' });
    expect(decideRange('bytes=2000-3000', 1000)).toEqual({ kind: 'unsatisfiable' });
    expect(decideRange('bytes=-0', 1000)).toEqual({ kind: 'unsatisfiable' });
    expect(decideRange('bytes=0-0', 0)).toEqual({ kind: 'unsatisfiable' });
    for (const ignored of [
      undefined,
      '',
      'items=0-9',
      'bytes=9-0',
      'bytes=a-b',
      'bytes=-',
      'bytes=0-9,20-29',
    ]) {
      expect(decideRange(ignored, 1000), String(ignored)).toEqual({ kind: 'full' });
    }
  });
});

describe('conditional requests', () => {
  it('answers 304 for a matching If-None-Match (weak comparison) or an unchanged If-Modified-Since', () => {
    expect(isNotModified({ ifNoneMatch: '"abc"' }, object)).toBe(true);
    expect(isNotModified({ ifNoneMatch: 'W/"abc"' }, object)).toBe(true);
    expect(isNotModified({ ifNoneMatch: '"x", "abc"' }, object)).toBe(true);
    expect(isNotModified({ ifNoneMatch: '*' }, object)).toBe(true);
    expect(isNotModified({ ifNoneMatch: '"other"' }, object)).toBe(false);
    expect(isNotModified({ ifModifiedSince: 'Thu, 26 Nov 2026 10:00:00 GMT' }, object)).toBe(true);
    expect(isNotModified({ ifModifiedSince: 'Thu, 26 Nov 2026 09:59:59 GMT' }, object)).toBe(false);
    // If-None-Match wins over If-Modified-Since.
    expect(
      isNotModified({ ifNoneMatch: '"other"', ifModifiedSince: 'Thu, 26 Nov 2026 11:00:00 GMT' }, object),
    ).toBe(false);
  });

  it('honours a Range under If-Range only for the current representation', () => {
    expect(ifRangeAllows(undefined, object)).toBe(true);
    expect(ifRangeAllows('"abc"', object)).toBe(true);
    expect(ifRangeAllows('"old"', object)).toBe(false);
    expect(ifRangeAllows('W/"abc"', object)).toBe(false);
    expect(ifRangeAllows('Thu, 26 Nov 2026 10:00:00 GMT', object)).toBe(true);
    expect(ifRangeAllows('Thu, 26 Nov 2026 10:00:01 GMT', object)).toBe(false);
  });
});
