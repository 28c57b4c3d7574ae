import type Uppy from '@uppy/core';
import type { Body, Meta, State } from '@uppy/core';

/**
 * The restored uploads without the files Golden Retriever could not give their bytes back to
 * ("ghosts": too large for IndexedDB, or the page was reloaded before its copy there was written).
 */
export function withoutGhosts<M extends Meta, B extends Body>(
  state: Pick<State<M, B>, 'currentUploads' | 'files'>,
): State<M, B>['currentUploads'] {
  const isGhost = (fileID: string) => state.files[fileID]?.isGhost === true;
  return Object.fromEntries(
    Object.entries(state.currentUploads).map(([uploadID, upload]) => [
      uploadID,
      { ...upload, fileIDs: upload.fileIDs.filter((fileID) => !isGhost(fileID)) },
    ]),
  );
}

/**
 * Carries on with the session Golden Retriever restores after a reload or a browser restart, by
 * itself: every file whose bytes it kept continues at once (tus asks the server for the offset with
 * `HEAD` and sends the rest), and a ghost continues the same way as soon as the admin picks it
 * again.
 *
 * Uppy's own way holds back every file until each ghost is picked again, behind an "Upload"
 * button: one photo whose copy was not yet written when the page was reloaded (copies are written
 * one after the other, so this is likely right after picking a night's photos) kept all the
 * others from resuming.
 */
export function resumeAfterReload<M extends Meta, B extends Body>(uppy: Uppy<M, B>): void {
  uppy.on('restored', () =>
    // After the other listeners of `restored` (Uppy's own progress update among them).
    queueMicrotask(() => {
      const state = uppy.getState();
      if (!state.recoveredState) return;
      // A ghost has nothing to send: left in its upload it would only fail ("File data is empty").
      uppy.setState({ currentUploads: withoutGhosts(state) });
      uppy.emit('restore-confirmed');
    }),
  );

  uppy.on('files-added', (added) => {
    const running = new Set(
      Object.values(uppy.getState().currentUploads).flatMap((upload) => upload.fileIDs),
    );
    for (const { id } of added) {
      const file = uppy.getFile(id);
      // A ghost picked again keeps its progress; had it started before the reload, autoProceed
      // (which only starts files that never started) would leave it waiting.
      if (
        file?.isRestored &&
        file.progress.uploadStarted &&
        !file.progress.uploadComplete &&
        !running.has(id)
      ) {
        // A failure shows on the file (Uppy's `upload-error`); nothing more to do with it here.
        uppy.retryUpload(id).catch(() => {});
      }
    }
  });
}
