import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeHeic, writeSolid } from '../../test/images/fixtures';
import { MediaError } from '../errors';
import { detectImageType } from './detect';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'media-detect-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function refusal(path: string): Promise<MediaError> {
  const error = await detectImageType(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MediaError);
  return error as MediaError;
}

describe('detectImageType', () => {
  it.each([
    ['jpeg', 'image/jpeg', 'jpg'],
    ['png', 'image/png', 'png'],
    ['webp', 'image/webp', 'webp'],
    ['avif', 'image/avif', 'avif'],
    ['tiff', 'image/tiff', 'tif'],
    ['gif', 'image/gif', 'gif'],
  ] as const)('accepts %s by its bytes, whatever the name', async (format, mime, ext) => {
    const path = await writeSolid(join(dir, `${format}.bin`), 32, 32, format);
    expect(await detectImageType(path)).toEqual({ mime, ext });
  });

  it('accepts HEIC', async () => {
    const path = await writeHeic(join(dir, 'photo.heic'));
    expect(await detectImageType(path)).toEqual({ mime: 'image/heic', ext: 'heic' });
  });

  it('refuses a zero-byte file as empty', async () => {
    const path = join(dir, 'empty.jpg');
    await writeFile(path, '');
    expect(await refusal(path)).toMatchObject({ code: 'empty' });
  });

  it('refuses text named .jpg as unsupported', async () => {
    const path = join(dir, 'text.jpg');
    await writeFile(path, 'hello, this is not a photo\n');
    expect(await refusal(path)).toMatchObject({
      code: 'unsupported',
      message: 'This file is not a photo: its contents match no image format we know.',
    });
  });

  it('says what the file was when it recognises it', async () => {
    const pdf = join(dir, 'invite.jpg');
    await writeFile(pdf, '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    expect(await refusal(pdf)).toMatchObject({
      code: 'unsupported',
      message: 'This file is a PDF document, not a photo.',
    });

    const bmp = join(dir, 'old.bmp');
    const header = Buffer.alloc(54);
    header.write('BM', 0, 'latin1');
    header.writeUInt32LE(54, 2);
    header.writeUInt32LE(54, 10);
    header.writeUInt32LE(40, 14);
    await writeFile(bmp, header);
    expect(await refusal(bmp)).toMatchObject({
      code: 'unsupported',
      message: expect.stringMatching(/^This file is a BMP image/),
    });
  });
});
