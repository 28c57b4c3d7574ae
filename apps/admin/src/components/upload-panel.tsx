import { trpc } from '@party/ui';
import { useMemo } from 'react';
import { useT } from '../i18n';
import { uploaderFor } from '../uploads/photo-uploader';
import { UploadPanel as Panel, useUploadSuccess } from './shared/upload-panel';

/** How long to gather finished uploads before asking for the image list again. */
const REFRESH_AFTER_MS = 1000;

/**
 * Drop or pick photos (folders too), watch per-file and total progress, pause and resume.
 * Uploads go through tus and survive network loss, reloads and browser restarts.
 */
export function UploadPanel({ eventId }: { eventId: string }) {
  const t = useT();
  const uppy = uploaderFor(eventId);
  const utils = trpc.useUtils();
  // The server creates the image row when an upload completes: show it in the grid soon after.
  useUploadSuccess(
    uppy,
    () => {
      void utils.admin.images.list.invalidate({ eventId });
      void utils.admin.events.list.invalidate();
    },
    REFRESH_AFTER_MS,
  );

  // Processing may refuse a file after its upload finished (not an image): show it failed in the panel.
  const images = trpc.admin.images.list.useQuery({ eventId });
  const failures = useMemo(
    () =>
      (images.data ?? []).flatMap((image) =>
        image.status === 'failed' && image.uploadId
          ? [
              {
                uploadId: image.uploadId,
                reason: image.failureReason ?? t('photos.tile.failed'),
                retryable: image.retryable,
                imageId: image.id,
              },
            ]
          : [],
      ),
    [images.data, t],
  );
  const remove = trpc.admin.images.delete.useMutation({
    onSuccess: () => void utils.admin.images.list.invalidate({ eventId }),
  });

  return (
    <Panel
      headingId="upload-photos"
      title={t('photos.uploadTitle')}
      intro={t('photos.uploadIntro')}
      uppy={uppy}
      height={360}
      selection="both"
      note={t('photos.uploadNote')}
      failures={failures}
      onRemoveFailed={(failure) => {
        const image = failures.find((f) => f.uploadId === failure.uploadId);
        if (image) remove.mutate({ ids: [image.imageId] });
      }}
    />
  );
}
