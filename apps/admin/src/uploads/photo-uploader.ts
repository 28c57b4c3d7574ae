import type Uppy from '@uppy/core';
import type { TusBody } from '@uppy/tus';
import { perKey } from './per-key';
import { createTusUploader, createUploadQueue, type FileMeta, MiB } from './tus-uploader';

/** The tus metadata the server requires on every photo upload (see the README's upload contract). */
export type UploadMeta = { kind: 'image'; eventId: string } & FileMeta;
export type PhotoUploader = Uppy<UploadMeta, TusBody>;

/** The server's limit; larger files are refused here, before a byte is sent. */
export const MAX_PHOTO_BYTES = 200 * MiB;
/**
 * The server decides by extension (and later by the bytes), not by the browser's MIME guess, which is
 * often empty for HEIC: so restrict by extension too, and a file Uppy lets through is one the server takes.
 */
export const PHOTO_EXTENSIONS = [
  '.jpg',
  '.jpeg',
  '.png',
  '.webp',
  '.avif',
  '.heic',
  '.heif',
  '.tif',
  '.tiff',
  '.gif',
];

/**
 * One queue for every event's uploader, so an admin filling two events at once still runs at most
 * three photo uploads. The server allows six per admin; audio has a queue of its own (see audio-uploader).
 */
const photoQueue = createUploadQueue(3);

/** The uploader of one event, created on first use and kept for the life of the page. */
export const uploaderFor = perKey(
  (eventId): PhotoUploader =>
    createTusUploader<UploadMeta>({
      id: `event-photos-${eventId}`,
      meta: { kind: 'image', eventId },
      fallbackName: 'photo',
      allowedFileTypes: PHOTO_EXTENSIONS,
      maxFileSize: MAX_PHOTO_BYTES,
      queue: photoQueue,
      // IndexedDB keeps files up to 10 MiB by default, too small for camera JPEGs. 64 MiB per file
      // and 1 GiB in all cover a night's photos on ordinary disks, so a reload carries on by itself.
      keepInBrowser: { maxFileSize: 64 * MiB, maxTotalSize: 1024 * MiB },
    }),
);
