import { appT } from '../i18n';

/** What the cover panel knows about the file the admin picked, from the uploader's state. */
export interface LocalCoverUpload {
  name: string;
  /** 0–100. */
  percent: number;
  complete: boolean;
  /** Restored after a reload without its bytes: it must be picked again. */
  ghost: boolean;
  /** Set when the upload failed: the status and text of the server's last answer, if there was one. */
  failed: { status: number | null; responseText: string | null } | null;
}

/** What the server says about the set's cover. */
export interface ServerCover {
  coverUrl: string | null;
  /** The cover upload the worker is processing, if any. */
  coverUploadId: string | null;
  coverFailureReason: string | null;
}

export type CoverStatus =
  | { state: 'idle' }
  | { state: 'uploading'; name: string; percent: number }
  | { state: 'interrupted'; name: string }
  | { state: 'refused'; name: string; message: string }
  | { state: 'processing' }
  | { state: 'failed'; reason: string };

/**
 * The sentence to show for a failed upload. The server answers refusals (type, size, limits) with a
 * plain-text sentence meant for people; anything else is a network problem in the admin's words.
 */
export function uploadFailureText(failed: NonNullable<LocalCoverUpload['failed']>): string {
  const text = failed.responseText?.trim();
  if (failed.status !== null && failed.status >= 400 && failed.status < 500 && text && text.length < 500) {
    return text;
  }
  return appT('cover.networkFailure');
}

/**
 * One state for the panel, the file in the admin's browser first (it is what they just did), then
 * what the server reports: an uploaded file waits for the worker, a refused one says why.
 */
export function coverStatus(local: LocalCoverUpload | null, server: ServerCover): CoverStatus {
  if (local?.failed) return { state: 'refused', name: local.name, message: uploadFailureText(local.failed) };
  if (local?.ghost) return { state: 'interrupted', name: local.name };
  if (local && !local.complete) return { state: 'uploading', name: local.name, percent: local.percent };
  if (local?.complete || server.coverUploadId !== null) return { state: 'processing' };
  if (server.coverFailureReason) return { state: 'failed', reason: server.coverFailureReason };
  return { state: 'idle' };
}
