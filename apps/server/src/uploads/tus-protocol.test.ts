import { describe, expect, it } from 'vitest';
import { checkTusRequest, checkUploadAlive, UPLOAD_EXPIRY_MS } from './tus-protocol';

const OCTETS = 'application/offset+octet-stream';

describe('checkTusRequest', () => {
  const rows: Array<{
    name: string;
    request: Parameters<typeof checkTusRequest>[0];
    status: number | undefined;
    tusVersion?: string;
  }> = [
    {
      name: 'OPTIONS needs no Tus-Resumable',
      request: {
        method: 'OPTIONS',
        tusResumable: undefined,
        contentType: undefined,
        uploadOffset: undefined,
      },
      status: undefined,
    },
    {
      name: 'a POST without Tus-Resumable',
      request: { method: 'POST', tusResumable: undefined, contentType: undefined, uploadOffset: undefined },
      status: 412,
      tusVersion: '1.0.0',
    },
    {
      name: 'a HEAD with another version',
      request: { method: 'HEAD', tusResumable: '0.2.2', contentType: undefined, uploadOffset: undefined },
      status: 412,
      tusVersion: '1.0.0',
    },
    {
      name: 'a creation',
      request: { method: 'POST', tusResumable: '1.0.0', contentType: undefined, uploadOffset: undefined },
      status: undefined,
    },
    {
      name: 'a PATCH as tus wants it',
      request: { method: 'PATCH', tusResumable: '1.0.0', contentType: OCTETS, uploadOffset: '0' },
      status: undefined,
    },
    {
      name: 'a PATCH with another media type',
      request: { method: 'PATCH', tusResumable: '1.0.0', contentType: 'text/plain', uploadOffset: '0' },
      status: 415,
    },
    {
      name: 'a PATCH without a media type',
      request: { method: 'PATCH', tusResumable: '1.0.0', contentType: undefined, uploadOffset: '0' },
      status: 415,
    },
    {
      name: 'a PATCH without Upload-Offset',
      request: { method: 'PATCH', tusResumable: '1.0.0', contentType: OCTETS, uploadOffset: undefined },
      status: 400,
    },
    {
      name: 'a PATCH with a negative Upload-Offset',
      request: { method: 'PATCH', tusResumable: '1.0.0', contentType: OCTETS, uploadOffset: '-1' },
      status: 400,
    },
    {
      name: 'a PATCH with a non-numeric Upload-Offset',
      request: { method: 'PATCH', tusResumable: '1.0.0', contentType: OCTETS, uploadOffset: '5x' },
      status: 400,
    },
  ];

  it.each(rows)('$name → $status', ({ request, status, tusVersion }) => {
    const refusal = checkTusRequest(request);
    expect(refusal?.status).toBe(status);
    if (tusVersion) expect(refusal?.headers?.['tus-version']).toBe(tusVersion);
    if (refusal) expect(refusal.message).toMatch(/\.$/);
  });
});

describe('checkUploadAlive', () => {
  const createdAt = new Date('2026-12-01T10:00:00Z');
  const justBefore = new Date(createdAt.getTime() + UPLOAD_EXPIRY_MS - 1);
  const atExpiry = new Date(createdAt.getTime() + UPLOAD_EXPIRY_MS);

  it.each([
    { name: 'an upload in progress', status: 'uploading', now: justBefore, expected: undefined },
    { name: 'an unfinished upload at its expiry', status: 'uploading', now: atExpiry, expected: 410 },
    { name: 'a cancelled upload', status: 'aborted', now: createdAt, expected: 410 },
    { name: 'a finished upload, long after', status: 'complete', now: atExpiry, expected: undefined },
  ] as const)('$name → $expected', ({ status, now, expected }) => {
    expect(checkUploadAlive({ status, createdAt }, now)?.status).toBe(expected);
  });
});
