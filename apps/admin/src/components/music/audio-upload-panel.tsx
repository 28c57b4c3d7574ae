import '@uppy/core/css/style.min.css';
import '@uppy/dashboard/css/style.min.css';
import '../../styles/uppy-theme.css';
import { Alert, formatBytes, trpc } from '@party/ui';
import type { State } from '@uppy/core';
import Dashboard from '@uppy/react/dashboard';
import type { TusBody } from '@uppy/tus';
import { useEffect, useSyncExternalStore } from 'react';
import { type AudioUploader, type AudioUploadMeta, audioUploaderFor } from '../../uploads/audio-uploader';

type UploaderState = State<AudioUploadMeta, TusBody>;

/** A value derived from the uploader's state, re-rendering only when it changes (compare with ===). */
function useUploaderValue<T>(uppy: AudioUploader, select: (state: UploaderState) => T): T {
  return useSyncExternalStore(
    (onChange) => uppy.store.subscribe(onChange),
    () => select(uppy.getState()),
  );
}

/** Files restored after a reload without their bytes, as one string so it compares by value. */
const ghostSummary = (state: UploaderState) =>
  JSON.stringify(
    Object.values(state.files)
      .filter((file) => file.isGhost)
      .map((file) => ({
        name: file.name ?? 'audio',
        size: file.size ?? 0,
        percent: file.progress.percentage ?? 0,
      })),
  );

/**
 * Uppy's Dashboard, inline, for the audio files of one set. Uploads go through tus and resume after
 * a lost connection by themselves; after a reload or browser restart the admin picks the file again
 * (browsers cannot keep gigabytes for a page) and tus continues at the server's offset.
 */
export function AudioUploadPanel({ setId }: { setId: string }) {
  const uppy = audioUploaderFor(setId);
  const utils = trpc.useUtils();
  const ghosts = JSON.parse(useUploaderValue(uppy, ghostSummary)) as Array<{
    name: string;
    size: number;
    percent: number;
  }>;

  // The server creates the track when its upload completes: show it (processing) right away.
  useEffect(() => {
    const refresh = () => {
      void utils.admin.musicSets.byId.invalidate({ id: setId });
      void utils.admin.musicSets.list.invalidate();
    };
    uppy.on('upload-success', refresh);
    return () => {
      uppy.off('upload-success', refresh);
    };
  }, [uppy, setId, utils]);

  return (
    <section className="card" aria-labelledby="upload-audio">
      <h2 id="upload-audio">Upload audio</h2>
      <p className="muted small">
        Lossless files (FLAC, WAV, AIFF) are best: members get MP3 streams made from them and the original as
        a download. A lost connection only pauses an upload. After a reload or a browser restart, pick the
        same file again: it continues where it stopped, nothing already sent is sent twice.
      </p>
      {ghosts.length > 0 && (
        <Alert tone="info">
          <strong>
            {ghosts.length === 1 ? 'One upload is' : `${ghosts.length} uploads are`} waiting for the file
            again.
          </strong>{' '}
          Browsers do not keep files this large across a reload or restart, so pick{' '}
          {ghosts.map((ghost, index) => (
            <span key={`${ghost.name}-${ghost.size}`}>
              {index > 0 && (index === ghosts.length - 1 ? ' and ' : ', ')}“{ghost.name}” (
              {formatBytes(ghost.size)}, {Math.round(ghost.percent)}% sent)
            </span>
          ))}{' '}
          again below (“Add more”, or drop it here): the upload resumes from where it stopped.
        </Alert>
      )}
      <div className="uploader">
        <Dashboard
          uppy={uppy}
          theme="dark"
          width="100%"
          height={300}
          fileManagerSelectionType="files"
          proudlyDisplayPoweredByUppy={false}
          showRemoveButtonAfterComplete={false}
          note="FLAC, WAV, AIFF, MP3, M4A, Ogg or Opus · up to 8 GB each"
        />
      </div>
    </section>
  );
}
