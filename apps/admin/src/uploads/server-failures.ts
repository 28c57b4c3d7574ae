/**
 * A file the server took but then could not use (processing failed): what the upload panel shows
 * on the file it was uploaded from. `uploadId` is the id in the file's tus URL (`/files/<id>`).
 */
export interface ServerFailure {
  uploadId: string;
  reason: string;
  /** False when the file itself was refused: retrying cannot help, only removing it. */
  retryable: boolean;
}

/** The part of an Uppy file this module reads. */
export interface UploadedFileView {
  id: string;
  error?: string | null;
  uploadURL?: string | undefined;
  tus?: { uploadUrl?: string | null | undefined } | undefined;
  progress: { uploadComplete?: boolean | undefined };
}

/** The tus upload id of a file: the last segment of its upload URL, if it has one. */
export function uploadIdOfFile(file: UploadedFileView): string | null {
  const url = file.uploadURL ?? file.tus?.uploadUrl ?? null;
  if (!url) return null;
  const last = url.split('?')[0]?.split('/').filter(Boolean).pop();
  return last ?? null;
}

/** Files whose finished upload the server has since reported as failed, with the failure. */
export function failedUploads(
  files: readonly UploadedFileView[],
  failures: readonly ServerFailure[],
): Array<{ fileId: string; failure: ServerFailure }> {
  if (failures.length === 0) return [];
  const byUpload = new Map(failures.map((failure) => [failure.uploadId, failure]));
  const found: Array<{ fileId: string; failure: ServerFailure }> = [];
  for (const file of files) {
    if (!file.progress.uploadComplete) continue;
    const id = uploadIdOfFile(file);
    const failure = id ? byUpload.get(id) : undefined;
    if (failure) found.push({ fileId: file.id, failure });
  }
  return found;
}

/**
 * Whether the panel should offer Retry: only when some file failed for a reason retrying can help
 * (the network, the server); a panel whose only failures are refused files offers Remove alone.
 */
export function offerRetry(files: readonly UploadedFileView[], refusedFileIds: ReadonlySet<string>): boolean {
  return files.some((file) => Boolean(file.error) && !refusedFileIds.has(file.id));
}
