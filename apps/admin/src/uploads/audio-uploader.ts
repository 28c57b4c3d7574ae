import type Uppy from '@uppy/core';
import type { TusBody } from '@uppy/tus';
import { perKey } from './per-key';
import { createTusUploader, createUploadQueue, type FileMeta, MiB } from './tus-uploader';

/** The tus metadata the server requires on every audio upload (see the README's upload contract). */
export type AudioUploadMeta = { kind: 'audio'; setId: string } & FileMeta;
export type AudioUploader = Uppy<AudioUploadMeta, TusBody>;

/** The server's limit (UPLOAD_MAX_AUDIO_MB, 8 GiB by default). */
export const MAX_AUDIO_BYTES = 8 * 1024 * MiB;
/** What the server takes, by extension, as for photos: browsers guess no MIME type for AIFF or Opus. */
export const AUDIO_EXTENSIONS = ['.flac', '.wav', '.wave', '.aif', '.aiff', '.mp3', '.m4a', '.ogg', '.opus'];

/**
 * Two sets of several gigabytes at a time are plenty on venue Wi-Fi. With the photo queue's three,
 * an admin stays under the server's six concurrent uploads even with both running.
 */
const audioQueue = createUploadQueue(2);

/**
 * 64 MiB per PATCH: a multiple of the server's 8 MiB S3 part size, so requests that run through end
 * on a part boundary and carry no partial part into the next one. A lost connection costs at most
 * the request in flight (less: the server keeps what arrived), and proxies that cap request bodies
 * still pass it.
 */
const CHUNK_BYTES = 64 * MiB;

/** The uploader of one music set, created on first use and kept for the life of the page. */
export const audioUploaderFor = perKey(
  (setId): AudioUploader =>
    createTusUploader<AudioUploadMeta>({
      id: `set-audio-${setId}`,
      meta: { kind: 'audio', setId },
      fallbackName: 'audio',
      allowedFileTypes: AUDIO_EXTENSIONS,
      maxFileSize: MAX_AUDIO_BYTES,
      queue: audioQueue,
      chunkSize: CHUNK_BYTES,
      // A DJ set is gigabytes: far too much for IndexedDB (and copying it there would take minutes).
      // Only small files (an MP3 single) are kept; a set is picked again after a reload and tus
      // resumes it by its fingerprint at the server's offset. The upload panel explains this.
      keepInBrowser: { maxFileSize: 16 * MiB, maxTotalSize: 64 * MiB },
      warnBeforeLeaving: true,
    }),
);
