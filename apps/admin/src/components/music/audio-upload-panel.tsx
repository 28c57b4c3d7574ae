import { Alert, formatBytes, trpc } from '@party/ui';
import type { State } from '@uppy/core';
import type { TusBody } from '@uppy/tus';
import { useSyncExternalStore } from 'react';
import { useT } from '../../i18n';
import { type AudioUploader, type AudioUploadMeta, audioUploaderFor } from '../../uploads/audio-uploader';
import { UploadPanel, useUploadSuccess } from '../shared/upload-panel';

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
 * The audio files of one set. Uploads go through tus and resume after a lost connection by
 * themselves; after a reload or browser restart the admin picks the file again (browsers cannot
 * keep gigabytes for a page) and tus continues at the server's offset.
 */
export function AudioUploadPanel({ setId }: { setId: string }) {
  const t = useT();
  const uppy = audioUploaderFor(setId);
  const utils = trpc.useUtils();
  const ghosts = JSON.parse(useUploaderValue(uppy, ghostSummary)) as Array<{
    name: string;
    size: number;
    percent: number;
  }>;

  // The server creates the track when its upload completes: show it (processing) right away.
  useUploadSuccess(uppy, () => {
    void utils.admin.musicSets.byId.invalidate({ id: setId });
    void utils.admin.musicSets.list.invalidate();
  });

  return (
    <UploadPanel
      headingId="upload-audio"
      title={t('audioUpload.title')}
      intro={t('audioUpload.intro')}
      uppy={uppy}
      height={300}
      selection="files"
      note={t('audioUpload.note')}
    >
      {ghosts.length > 0 && (
        <Alert tone="info">
          <strong>{t('audioUpload.waiting', { count: ghosts.length })}</strong> {t('audioUpload.pickBefore')}
          {ghosts.map((ghost, index) => (
            <span key={`${ghost.name}-${ghost.size}`}>
              {index > 0 && (index === ghosts.length - 1 ? t('audioUpload.and') : ', ')}
              {t('audioUpload.ghost', {
                name: ghost.name,
                size: formatBytes(ghost.size),
                percent: Math.round(ghost.percent),
              })}
            </span>
          ))}
          {t('audioUpload.pickAfter')}
        </Alert>
      )}
    </UploadPanel>
  );
}
