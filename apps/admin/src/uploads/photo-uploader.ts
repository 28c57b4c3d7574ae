import Uppy from '@uppy/core';
import { RateLimitedQueue } from '@uppy/core/utils';
import GoldenRetriever, { type GoldenRetrieverOptions } from '@uppy/golden-retriever';
import Tus, { type TusBody } from '@uppy/tus';

/** The tus metadata the server requires on every photo upload (see the README's upload contract). */
export type UploadMeta = { kind: 'image'; eventId: string; filename?: string; filetype?: string };
export type PhotoUploader = Uppy<UploadMeta, TusBody>;

const MiB = 1024 * 1024;
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
 * Retries of one request: quick ones for a flaky venue Wi-Fi, then up to a minute apart, about
 * 2.5 minutes in all before a file shows as failed (and "back online" retries it again).
 */
const RETRY_DELAYS = [0, 1000, 3000, 5000, 10_000, 20_000, 30_000, 60_000];

/**
 * One queue for every event's uploader, so an admin filling two events at once still runs at most
 * three uploads: the server allows six per admin and answers 429 beyond.
 */
const sharedQueue = new RateLimitedQueue(3);

// Uploaders live as long as the page, not as long as the event page: uploads keep running while
// the admin looks at other pages, and Golden Retriever is never told that the files are gone.
const uploaders = new Map<string, PhotoUploader>();

function createUploader(eventId: string): PhotoUploader {
  const uppy: PhotoUploader = new Uppy<UploadMeta, TusBody>({
    // Stable per event: Golden Retriever stores and restores sessions under this id.
    id: `event-photos-${eventId}`,
    autoProceed: true,
    allowMultipleUploadBatches: true,
    restrictions: { allowedFileTypes: PHOTO_EXTENSIONS, maxFileSize: MAX_PHOTO_BYTES },
    meta: { kind: 'image', eventId },
    onBeforeFileAdded: (file, files) =>
      // `false` for a file already in the list keeps Uppy's "no duplicates" message and lets a
      // re-selected ghost file (restored without its bytes) through.
      Object.hasOwn(files, file.id)
        ? false
        : { ...file, meta: { ...file.meta, filename: file.name ?? 'photo', filetype: file.type || '' } },
  });

  uppy.use(Tus, {
    endpoint: '/files',
    limit: 3,
    rateLimitedQueue: sharedQueue,
    retryDelays: RETRY_DELAYS,
    // Plain requests carry the session cookie on the same origin; no credentials mode needed.
    withCredentials: false,
    storeFingerprintForResuming: true,
    removeFingerprintOnSuccess: true,
    allowedMetaFields: ['kind', 'eventId', 'filename', 'filetype'],
    // A 429 carries Retry-After: hold the whole queue that long rather than asking again at once.
    onShouldRetry: (error, _attempt, _options, next) => {
      const response = error.originalResponse;
      if (response?.getStatus() === 429 && !sharedQueue.isPaused) {
        const seconds = Number(response.getHeader('Retry-After'));
        if (Number.isFinite(seconds) && seconds > 0) sharedQueue.rateLimit(seconds * 1000);
      }
      return next(error);
    },
  });

  // IndexedDB keeps the bytes of files up to 10 MiB by default, too small for camera JPEGs: larger
  // files come back as "ghosts" the admin must pick again (their tus upload then resumes at its
  // offset). 64 MiB per file and 1 GiB in all cover a night's photos on ordinary disks. The options
  // reach Uppy's IndexedDB store unchanged, though its type lists only name and version.
  const indexedDB = {
    maxFileSize: 64 * MiB,
    maxTotalSize: 1024 * MiB,
  } as GoldenRetrieverOptions['indexedDB'];
  uppy.use(GoldenRetriever, { expires: 7 * 24 * 60 * 60 * 1000, indexedDB });

  // After a reload, carry on by itself when every restored file still has its bytes; otherwise the
  // Dashboard asks to re-select the missing ones and to press "Upload".
  uppy.on('restored', () => {
    queueMicrotask(() => {
      const { recoveredState, files } = uppy.getState();
      if (recoveredState && !Object.values(files).some((file) => file.isGhost))
        uppy.emit('restore-confirmed');
    });
  });
  // tus retries a few times and then gives up; when the browser is online again, try once more.
  uppy.on('back-online', () => {
    if (Object.values(uppy.getState().files).some((file) => file.error)) uppy.retryAll();
  });
  return uppy;
}

/** The uploader of one event, created on first use and kept for the life of the page. */
export function uploaderFor(eventId: string): PhotoUploader {
  let uppy = uploaders.get(eventId);
  if (!uppy) {
    uppy = createUploader(eventId);
    uploaders.set(eventId, uppy);
  }
  return uppy;
}
