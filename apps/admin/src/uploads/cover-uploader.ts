import type Uppy from '@uppy/core';
import type { TusBody } from '@uppy/tus';
import { perKey } from './per-key';
import { PHOTO_EXTENSIONS } from './photo-uploader';
import { createTusUploader, createUploadQueue, type FileMeta, MiB } from './tus-uploader';

/** The tus metadata the server requires on a cover upload (see the README's upload contract). */
export type CoverUploadMeta = { kind: 'cover'; setId: string } & FileMeta;
export type CoverUploader = Uppy<CoverUploadMeta, TusBody>;

/** The server's limit for covers (30 MB, or the photo limit if that is lower). */
export const MAX_COVER_BYTES = 30 * MiB;
/** The same types as photos: the server reads the real type from the bytes after the upload. */
export const COVER_EXTENSIONS = PHOTO_EXTENSIONS;

/**
 * One cover at a time, whatever the set: with the photo queue's three and the audio queue's two,
 * an admin stays within the server's six concurrent uploads.
 */
const coverQueue = createUploadQueue(1);

/**
 * The cover uploader of one music set, created on first use and kept for the life of the page (an
 * upload carries on while the admin looks at other pages, and after a reload).
 */
export const coverUploaderFor = perKey(
  (setId): CoverUploader =>
    createTusUploader<CoverUploadMeta>({
      id: `set-cover-${setId}`,
      meta: { kind: 'cover', setId },
      fallbackName: 'cover',
      allowedFileTypes: COVER_EXTENSIONS,
      maxFileSize: MAX_COVER_BYTES,
      queue: coverQueue,
      // A cover is small enough to keep in IndexedDB: a reload finishes the upload by itself.
      keepInBrowser: { maxFileSize: MAX_COVER_BYTES, maxTotalSize: MAX_COVER_BYTES },
    }),
);
