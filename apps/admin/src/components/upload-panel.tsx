import '@uppy/core/css/style.min.css';
import '@uppy/dashboard/css/style.min.css';
import '../styles/uppy-theme.css';
import { trpc } from '@party/ui';
import Dashboard from '@uppy/react/dashboard';
import { useEffect } from 'react';
import { uploaderFor } from '../uploads/photo-uploader';

/** How long to gather finished uploads before asking for the image list again. */
const REFRESH_AFTER_MS = 1000;

/**
 * Uppy's Dashboard, inline: drop or pick photos (folders too), watch per-file and total progress,
 * pause and resume. Uploads go through tus and survive network loss, reloads and browser restarts.
 */
export function UploadPanel({ eventId }: { eventId: string }) {
  const uppy = uploaderFor(eventId);
  const utils = trpc.useUtils();

  // The server creates the image row when an upload completes: show it in the grid soon after,
  // once per burst rather than once per file when hundreds finish in a row.
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      timer ??= setTimeout(() => {
        timer = undefined;
        void utils.admin.images.list.invalidate({ eventId });
        void utils.admin.events.list.invalidate();
      }, REFRESH_AFTER_MS);
    };
    uppy.on('upload-success', refresh);
    return () => {
      uppy.off('upload-success', refresh);
      clearTimeout(timer);
    };
  }, [uppy, eventId, utils]);

  return (
    <section className="card" aria-labelledby="upload-photos">
      <h2 id="upload-photos">Upload photos</h2>
      <p className="muted small">
        New photos start as drafts that only admins see. Uploads continue while you use other pages, and
        resume after a lost connection or a reload.
      </p>
      <div className="uploader">
        <Dashboard
          uppy={uppy}
          theme="dark"
          width="100%"
          height={360}
          fileManagerSelectionType="both"
          proudlyDisplayPoweredByUppy={false}
          showRemoveButtonAfterComplete={false}
          note="JPEG, PNG, WebP, AVIF, HEIC, TIFF or GIF · up to 200 MB each"
        />
      </div>
    </section>
  );
}
