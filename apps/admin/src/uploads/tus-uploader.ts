import Uppy, { type Meta } from '@uppy/core';
import { RateLimitedQueue } from '@uppy/core/utils';
import GoldenRetriever, { type GoldenRetrieverOptions } from '@uppy/golden-retriever';
import Tus, { type TusBody } from '@uppy/tus';
import { resumeAfterReload } from './resume-after-reload';

export const MiB = 1024 * 1024;

/** The metadata every upload to `/files` carries beside its kind and parent (see the README's upload contract). */
export type FileMeta = { filename?: string; filetype?: string };

/**
 * Retries of one request: quick ones for a flaky venue Wi-Fi, then up to a minute apart, about
 * 2.5 minutes in all before a file shows as failed (and "back online" retries it again).
 */
const RETRY_DELAYS = [0, 1000, 3000, 5000, 10_000, 20_000, 30_000, 60_000];

/**
 * A queue of concurrent uploads. Uploaders of one kind share one, so an admin filling two events
 * (or two sets) at once stays within the server's per-admin limit, which answers 429 beyond it.
 */
export function createUploadQueue(limit: number): RateLimitedQueue {
  return new RateLimitedQueue(limit);
}

export interface TusUploaderOptions<M extends Meta> {
  /** Stable per target (event, set): Golden Retriever stores and restores the session under it. */
  id: string;
  /** What the server needs besides the file name and type, e.g. `{ kind: 'audio', setId }`. */
  meta: Omit<M, keyof FileMeta>;
  /** Name sent when the browser has none. */
  fallbackName: string;
  /** Extensions (with the dot): the server decides by extension, so Uppy lets through only what it takes. */
  allowedFileTypes: string[];
  maxFileSize: number;
  queue: RateLimitedQueue;
  /**
   * Bytes per PATCH request; default one request for the whole file. tus resumes at the server's
   * offset either way, a bounded request also passes proxies that cap request bodies.
   */
  chunkSize?: number;
  /**
   * What Golden Retriever keeps in IndexedDB to survive a reload or browser restart. Larger files
   * come back as "ghosts" the admin must pick again; their tus upload then resumes at its offset.
   */
  keepInBrowser: { maxFileSize: number; maxTotalSize: number };
  /** Ask before the page is left while an upload runs (for files that would have to be picked again). */
  warnBeforeLeaving?: boolean;
}

/**
 * An Uppy instance uploading through tus to `/files`, with Golden Retriever for reloads and
 * browser restarts, retries for flaky networks and 429 handling. Photos and audio differ only in
 * the options.
 */
export function createTusUploader<M extends Meta & FileMeta>(
  options: TusUploaderOptions<M>,
): Uppy<M, TusBody> {
  const { queue } = options;
  const uppy = new Uppy<M, TusBody>({
    id: options.id,
    autoProceed: true,
    allowMultipleUploadBatches: true,
    restrictions: { allowedFileTypes: options.allowedFileTypes, maxFileSize: options.maxFileSize },
    // The left-out fields (file name and type) are optional and added per file below.
    meta: options.meta as M,
    onBeforeFileAdded: (file, files) =>
      // `false` for a file already in the list keeps Uppy's "no duplicates" message and lets a
      // re-selected ghost file (restored without its bytes) through.
      Object.hasOwn(files, file.id)
        ? false
        : {
            ...file,
            meta: { ...file.meta, filename: file.name ?? options.fallbackName, filetype: file.type || '' },
          },
  });

  uppy.use(Tus, {
    endpoint: '/files',
    limit: queue.limit,
    rateLimitedQueue: queue,
    retryDelays: RETRY_DELAYS,
    ...(options.chunkSize ? { chunkSize: options.chunkSize } : {}),
    // Plain requests carry the session cookie on the same origin; no credentials mode needed.
    withCredentials: false,
    storeFingerprintForResuming: true,
    removeFingerprintOnSuccess: true,
    allowedMetaFields: [...Object.keys(options.meta), 'filename', 'filetype'],
    // A 429 carries Retry-After: hold the whole queue that long rather than asking again at once.
    onShouldRetry: (error, _attempt, _options, next) => {
      const response = error.originalResponse;
      if (response?.getStatus() === 429 && !queue.isPaused) {
        const seconds = Number(response.getHeader('Retry-After'));
        if (Number.isFinite(seconds) && seconds > 0) queue.rateLimit(seconds * 1000);
      }
      return next(error);
    },
  });

  // The options reach Uppy's IndexedDB store unchanged, though its type lists only name and version.
  const indexedDB = options.keepInBrowser as GoldenRetrieverOptions['indexedDB'];
  uppy.use(GoldenRetriever, { expires: 7 * 24 * 60 * 60 * 1000, indexedDB });

  resumeAfterReload(uppy);

  // tus retries a few times and then gives up; when the browser is online again, try once more.
  uppy.on('back-online', () => {
    if (Object.values(uppy.getState().files).some((file) => file.error)) uppy.retryAll();
  });

  if (options.warnBeforeLeaving) {
    window.addEventListener('beforeunload', (event) => {
      const running = Object.values(uppy.getState().files).some(
        (file) => file.progress.uploadStarted && !file.progress.uploadComplete && !file.error,
      );
      if (running) event.preventDefault();
    });
  }
  return uppy;
}
