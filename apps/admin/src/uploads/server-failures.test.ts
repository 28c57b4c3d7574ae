import { describe, expect, it } from 'vitest';
import { failedUploads, offerRetry, uploadIdOfFile } from './server-failures';

const done = (id: string, url: string, error?: string) => ({
  id,
  uploadURL: `http://127.0.0.1:3000/files/${url}`,
  progress: { uploadComplete: true },
  ...(error ? { error } : {}),
});

describe('server failures in the upload panel', () => {
  it('reads the tus id from the upload URL, or from the tus state of a restored file', () => {
    expect(uploadIdOfFile(done('a', 'abc'))).toBe('abc');
    expect(uploadIdOfFile({ id: 'b', tus: { uploadUrl: '/files/xyz' }, progress: {} })).toBe('xyz');
    expect(uploadIdOfFile({ id: 'c', progress: {} })).toBeNull();
  });

  it('finds finished files the server refused, and leaves unfinished ones alone', () => {
    const failure = { uploadId: 'abc', reason: 'This is not an image.', retryable: false };
    const files = [
      done('a', 'abc'),
      done('b', 'def'),
      { id: 'c', tus: { uploadUrl: '/files/abc' }, progress: { uploadComplete: false } },
    ];
    expect(failedUploads(files, [failure])).toEqual([{ fileId: 'a', failure }]);
    expect(failedUploads(files, [])).toEqual([]);
  });

  it('offers Retry only when a failure is not a refusal', () => {
    const files = [done('a', 'abc', 'refused'), done('b', 'def')];
    expect(offerRetry(files, new Set(['a']))).toBe(false);
    expect(offerRetry([...files, done('c', 'ghi', 'network')], new Set(['a']))).toBe(true);
  });
});
