import { describe, expect, it } from 'vitest';
import { checkUploadCreation, MAX_COVER_BYTES, parseTusMetadata, sanitizeFileName } from './upload-rules';

const limits = { maxImageBytes: 100 * 1024 * 1024, maxAudioBytes: 8 * 1024 ** 3, concurrentPerAdmin: 4 };
const EVENT = '0b7e0c7e-8f3a-4f57-9d3e-2b9c6f1d2a10';
const b64 = (value: string) => Buffer.from(value).toString('base64');
const metadata = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([key, value]) => `${key} ${b64(value)}`)
    .join(',');

describe('parseTusMetadata', () => {
  it('decodes base64 values and keys without values', () => {
    expect(parseTusMetadata(`filename ${b64('a b.jpg')},flag`)).toEqual({ filename: 'a b.jpg', flag: '' });
    expect(parseTusMetadata(undefined)).toEqual({});
  });

  it('refuses malformed headers', () => {
    expect(parseTusMetadata('filename not!base64')).toBeUndefined();
    expect(parseTusMetadata('a b c')).toBeUndefined();
  });
});

describe('sanitizeFileName', () => {
  it('keeps only the last path segment and drops control and bidi characters', () => {
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('C:\\Users\\me\\DSC_0001.JPG')).toBe('DSC_0001.JPG');
    expect(sanitizeFileName('evil\r\nSet-Cookie: x.jpg')).toBe('evilSet-Cookie: x.jpg');
    expect(sanitizeFileName('photo\u202egpj.exe')).toBe('photogpj.exe');
    expect(sanitizeFileName('...hidden.jpg')).toBe('hidden.jpg');
    expect(sanitizeFileName('\u0000')).toBe('upload');
    expect(sanitizeFileName('\u2067photo\u2069\u200f\u200e\u061c.jpg')).toBe('photo.jpg');
    expect(sanitizeFileName('one\u2028two\u2029.jpg')).toBe('onetwo.jpg');
    expect(sanitizeFileName('lone\ud83c.jpg')).toBe('lone.jpg');
  });

  it('shortens very long names but keeps the extension', () => {
    const long = `${'x'.repeat(1000)}.jpeg`;
    const result = sanitizeFileName(long);
    expect(result).toHaveLength(200);
    expect(result.endsWith('.jpeg')).toBe(true);
  });

  it('shortens a long name of emoji without splitting one', () => {
    const result = sanitizeFileName(`a${'🎉'.repeat(200)}.jpg`);
    expect(result).toBe(`a${'🎉'.repeat(97)}.jpg`);
  });
});

describe('checkUploadCreation', () => {
  const valid = { kind: 'image', eventId: EVENT, filename: 'IMG_1.jpg', filetype: 'image/jpeg' };

  it('accepts a photo for an event', () => {
    const check = checkUploadCreation({ metadataHeader: metadata(valid), uploadLength: '1234', limits });
    expect(check).toEqual({
      ok: true,
      upload: { kind: 'image', eventId: EVENT, fileName: 'IMG_1.jpg', fileType: 'image/jpeg', size: 1234 },
    });
  });

  it('accepts a multi-gigabyte lossless set for a music set', () => {
    const fields = { kind: 'audio', setId: EVENT, filename: 'Closing set.flac', filetype: 'audio/flac' };
    const check = checkUploadCreation({
      metadataHeader: metadata(fields),
      uploadLength: String(4 * 1024 ** 3),
      limits,
    });
    expect(check).toMatchObject({
      ok: true,
      upload: { kind: 'audio', setId: EVENT, fileName: 'Closing set.flac' },
    });
  });

  it('accepts a cover image for a music set, with a hostile name cleaned like any other', () => {
    const fields = { kind: 'cover', setId: EVENT.toUpperCase(), filename: '../../sleeve\u202e.JPG' };
    const check = checkUploadCreation({ metadataHeader: metadata(fields), uploadLength: '2000000', limits });
    expect(check).toEqual({
      ok: true,
      upload: { kind: 'cover', setId: EVENT, fileName: 'sleeve.JPG', fileType: null, size: 2_000_000 },
    });
  });

  it('holds covers to 30 MB, or to the photo limit when that is lower', () => {
    const cover = (size: number, maxImageBytes = limits.maxImageBytes) =>
      checkUploadCreation({
        metadataHeader: metadata({ kind: 'cover', setId: EVENT, filename: 'cover.png' }),
        uploadLength: String(size),
        limits: { ...limits, maxImageBytes },
      });
    expect(cover(MAX_COVER_BYTES)).toMatchObject({ ok: true });
    expect(cover(MAX_COVER_BYTES + 1)).toMatchObject({ ok: false, status: 413 });
    const over = cover(MAX_COVER_BYTES + 1);
    if (!over.ok) expect(over.message).toBe('"cover.png" is 30 MB; cover images may be at most 30 MB.');
    expect(cover(11 * 1024 * 1024, 10 * 1024 * 1024)).toMatchObject({ ok: false, status: 413 });
  });

  it('answers each bad request with a status and a sentence', () => {
    const cases: Array<[Record<string, string>, string | undefined, number, RegExp]> = [
      [valid, undefined, 400, /Upload-Length is required/],
      [valid, '0', 400, /empty/],
      [{ ...valid, kind: 'video' }, '10', 400, /kind/],
      [{ kind: 'audio', eventId: EVENT, filename: 'a.flac' }, '10', 400, /setId/],
      [{ kind: 'cover', eventId: EVENT, filename: 'a.jpg' }, '10', 400, /setId/],
      [
        { kind: 'cover', setId: EVENT, filename: 'a.flac' },
        '10',
        415,
        /not an image this site takes as a cover/,
      ],
      [{ kind: 'cover', setId: EVENT, filename: 'sleeve' }, '10', 415, /not an image/],
      [{ kind: 'audio', setId: EVENT, filename: 'a.jpg' }, '10', 415, /not an audio file/],
      [{ kind: 'audio', setId: EVENT, filename: 'a.wav' }, String(9 * 1024 ** 3), 413, /at most 8.0 GB/],
      [{ ...valid, eventId: '../x' }, '10', 400, /eventId/],
      [{ kind: 'image', eventId: EVENT }, '10', 400, /filename/],
      [{ ...valid, filename: 'notes.pdf' }, '10', 415, /not a photo/],
      [valid, String(200 * 1024 * 1024), 413, /at most 100 MB/],
    ];
    for (const [fields, length, status, message] of cases) {
      const check = checkUploadCreation({ metadataHeader: metadata(fields), uploadLength: length, limits });
      expect(check).toMatchObject({ ok: false, status });
      if (!check.ok) expect(check.message).toMatch(message);
    }
  });
});
