import { stat } from 'node:fs/promises';
import { fileTypeFromFile } from 'file-type';
import { MediaError } from '../errors';

/** What the bytes of an accepted photo say it is. */
export interface ImageType {
  mime: string;
  ext: string;
}

/**
 * Formats sharp decodes as stills. Animated GIF, APNG and multi-page TIFF are accepted too:
 * only their first frame or page is used.
 */
const ACCEPTED_MIMES: ReadonlySet<string> = new Set([
  'image/jpeg',
  'image/png',
  'image/apng',
  'image/webp',
  'image/avif',
  'image/heic',
  'image/heif',
  'image/tiff',
  'image/gif',
]);

const RAW_MIMES: ReadonlySet<string> = new Set([
  'image/x-adobe-dng',
  'image/x-canon-cr2',
  'image/x-canon-cr3',
  'image/x-nikon-nef',
  'image/x-sony-arw',
  'image/x-olympus-orf',
  'image/x-panasonic-rw2',
  'image/x-fujifilm-raf',
]);

/** A sentence naming what the file actually is, since that is what the admin needs to tell the guest. */
function refusal(mime: string, ext: string): string {
  if (mime === 'application/pdf') return 'This file is a PDF document, not a photo.';
  if (RAW_MIMES.has(mime)) return 'This file is a camera RAW photo; export it as JPEG first.';
  if (mime.startsWith('video/')) return 'This file is a video, not a photo.';
  if (mime.endsWith('-sequence'))
    return 'This file is an image sequence (animated HEIC), not a single photo.';
  if (mime.startsWith('audio/')) return 'This file is an audio recording, not a photo.';
  if (mime.startsWith('image/')) {
    return `This file is a ${ext.toUpperCase()} image, a format we do not convert; upload a JPEG, PNG or WebP instead.`;
  }
  return `This file is a ${ext.toUpperCase()} file (${mime}), not a photo.`;
}

/**
 * Identifies an image from its bytes (never its name) and refuses anything that is not a photo
 * format we can convert.
 * @throws MediaError `empty` for a zero-byte file, `unsupported` for any other kind of file.
 */
export async function detectImageType(path: string): Promise<ImageType> {
  const { size } = await stat(path);
  if (size === 0) throw new MediaError('empty', 'This file is empty (0 bytes); the upload probably failed.');

  const detected = await fileTypeFromFile(path);
  if (detected && ACCEPTED_MIMES.has(detected.mime)) return { mime: detected.mime, ext: detected.ext };

  if (!detected) {
    throw new MediaError(
      'unsupported',
      'This file is not a photo: its contents match no image format we know.',
    );
  }
  throw new MediaError('unsupported', refusal(detected.mime, detected.ext));
}
