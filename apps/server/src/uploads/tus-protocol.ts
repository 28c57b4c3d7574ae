/*
 * The tus 1.0.0 rules `/files` enforces at its edge, before `@tus/server` sees a request, where
 * the library answers other than the protocol says (README, "Upload contract (tus)"). Pure
 * functions, so each rule is proven by a table test without a server.
 */

import type { Upload } from '@party/db';

export const TUS_VERSION = '1.0.0';
/** An unfinished upload expires this long after its creation (tus `expiration` extension). */
export const UPLOAD_EXPIRY_MS = 24 * 60 * 60 * 1000;
export const OFFSET_CONTENT_TYPE = 'application/offset+octet-stream';

export interface TusRefusal {
  status: number;
  message: string;
  headers?: Record<string, string>;
}

const NON_NEGATIVE_INTEGER = /^(0|[1-9]\d*)$/;

/**
 * Checks what tus requires of every request before anything is processed: `Tus-Resumable: 1.0.0`
 * (412 with `Tus-Version` otherwise; the library answers 412 without `Tus-Version` when it is
 * missing and 400 when it is another version) and, for PATCH, the offset media type (415; the
 * library answers 400, or 403 when it is missing) and a valid `Upload-Offset` (400; the library
 * answers 403 when it is missing). OPTIONS needs none of it.
 */
export function checkTusRequest(request: {
  method: string;
  tusResumable: string | undefined;
  contentType: string | undefined;
  uploadOffset: string | undefined;
}): TusRefusal | undefined {
  if (request.method === 'OPTIONS') return undefined;
  if (request.tusResumable !== TUS_VERSION) {
    return {
      status: 412,
      message:
        request.tusResumable === undefined
          ? `Tus-Resumable is required: this server speaks tus ${TUS_VERSION}.`
          : `Tus-Resumable ${request.tusResumable} is not supported: this server speaks tus ${TUS_VERSION}.`,
      headers: { 'tus-version': TUS_VERSION },
    };
  }
  if (request.method !== 'PATCH') return undefined;
  if (request.contentType?.trim().toLowerCase() !== OFFSET_CONTENT_TYPE) {
    return {
      status: 415,
      message: `PATCH requests must have Content-Type: ${OFFSET_CONTENT_TYPE}.`,
    };
  }
  if (request.uploadOffset === undefined || !NON_NEGATIVE_INTEGER.test(request.uploadOffset)) {
    return {
      status: 400,
      message: 'Upload-Offset is required: the byte offset this PATCH continues from (HEAD tells it).',
    };
  }
  return undefined;
}

/**
 * An upload that can no longer be resumed: cancelled (tus termination) or unfinished past its
 * expiry. We keep track of both, so tus says 410 Gone rather than 404.
 */
export function checkUploadAlive(
  upload: Pick<Upload, 'status' | 'createdAt'>,
  now: Date,
): TusRefusal | undefined {
  if (upload.status === 'aborted') {
    return { status: 410, message: 'This upload was cancelled. Start a new upload to send the file again.' };
  }
  if (upload.status === 'uploading' && now.getTime() >= upload.createdAt.getTime() + UPLOAD_EXPIRY_MS) {
    return {
      status: 410,
      message: `This upload expired ${UPLOAD_EXPIRY_MS / 3_600_000} hours after it started without finishing. Start a new upload.`,
    };
  }
  return undefined;
}
