import { describe, expect, it } from 'vitest';
import { explainJobError, lastAttemptReason } from './job-errors';

const systemError = (code: string, message: string, extra: object = {}) =>
  Object.assign(new Error(message), { code, ...extra });

describe('explainJobError', () => {
  it('names a full disk and the path it could not write', () => {
    const error = systemError('ENOSPC', 'ENOSPC: no space left on device, write', {
      path: '/tmp/party-image-x/original',
    });
    expect(explainJobError(error)).toBe(
      "The worker's disk is full (no space left to write /tmp/party-image-x/original)",
    );
    expect(explainJobError(systemError('ENOSPC', 'ENOSPC: no space left on device'))).toBe(
      "The worker's disk is full (no space left to write its temporary files)",
    );
  });

  it('names a full disk that sharp (libvips) reports in its message only, without a code', () => {
    const error = new Error(
      '/tmp/party-image-x/thumb.webp: write error\nsystem error: No space left on device',
    );
    expect(explainJobError(error)).toBe(
      "The worker's disk is full (no space left to write /tmp/party-image-x/thumb.webp)",
    );
    expect(explainJobError(new Error('vips_image_write: No space left on device'))).toBe(
      "The worker's disk is full (no space left to write its temporary files)",
    );
  });

  it('names an S3 error by its code and status, also when the service sent no message', () => {
    const s3Error = (name: string, message: string, status: number) =>
      Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
    // Ceph's RADOS Gateway: empty <Message>, which the AWS SDK reports as "UnknownError".
    expect(explainJobError(s3Error('NoSuchKey', 'UnknownError', 404))).toBe(
      'S3 answered NoSuchKey (HTTP 404)',
    );
    expect(explainJobError(s3Error('NoSuchKey', 'The specified key does not exist.', 404))).toBe(
      'S3 answered NoSuchKey (HTTP 404): The specified key does not exist.',
    );
    expect(explainJobError(s3Error('InternalError', '', 500))).toBe('S3 answered InternalError (HTTP 500)');
  });

  it('tells an unreachable service and a missing program from a bad file', () => {
    expect(explainJobError(systemError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9000'))).toMatch(
      /^A service the worker needs did not answer \(ECONNREFUSED/,
    );
    expect(explainJobError(systemError('ENOENT', 'spawn ffmpeg ENOENT'))).toBe(
      'A program the worker needs is not installed (spawn ffmpeg ENOENT)',
    );
    expect(explainJobError(systemError('ENOENT', 'no such file'))).toBe('no such file');
  });

  it('passes other errors through, also values that are no Error', () => {
    expect(explainJobError(new Error('S3 said SlowDown'))).toBe('S3 said SlowDown');
    expect(explainJobError('plain text')).toBe('plain text');
  });

  it('words the reason the admin sees after the last attempt', () => {
    expect(lastAttemptReason(systemError('ENOSPC', 'x'))).toBe(
      "Processing failed repeatedly: The worker's disk is full (no space left to write its temporary files). Try again later.",
    );
  });
});
