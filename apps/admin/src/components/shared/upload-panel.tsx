import '@uppy/core/css/style.min.css';
import '@uppy/dashboard/css/style.min.css';
import '../../styles/uppy-theme.css';
import type Uppy from '@uppy/core';
import type { Body, Meta } from '@uppy/core';
import Dashboard from '@uppy/react/dashboard';
import { type ReactNode, useEffect, useRef } from 'react';
import { coalesce } from '../../uploads/per-key';
import { Card } from './page';

/**
 * Runs `onSuccess` when an upload has finished (the server has created its record by then): at
 * once, or with `batchMs` once per burst rather than once per file when hundreds finish in a row.
 */
export function useUploadSuccess<M extends Meta, B extends Body>(
  uppy: Uppy<M, B>,
  onSuccess: () => void,
  batchMs = 0,
) {
  // A new function each render: the subscription stays, and the latest one is what runs.
  const latest = useRef(onSuccess);
  useEffect(() => {
    latest.current = onSuccess;
  });
  useEffect(() => {
    const batch = coalesce(() => latest.current(), batchMs);
    const handler = batchMs > 0 ? batch.trigger : () => latest.current();
    uppy.on('upload-success', handler);
    return () => {
      uppy.off('upload-success', handler);
      batch.cancel();
    };
  }, [uppy, batchMs]);
}

/**
 * A card with Uppy's Dashboard, inline, for one kind of upload: its title, what to know before
 * uploading, any notice about the uploads (`children`), and the Dashboard configured for the kind.
 */
export function UploadPanel<M extends Meta, B extends Body>({
  headingId,
  title,
  intro,
  uppy,
  height,
  selection,
  note,
  children,
}: {
  headingId: string;
  title: string;
  intro: ReactNode;
  uppy: Uppy<M, B>;
  height: number;
  /** `both` lets the admin pick whole folders too. */
  selection: 'files' | 'both';
  /** The accepted types and size, under the drop zone. */
  note: string;
  children?: ReactNode;
}) {
  return (
    <Card headingId={headingId} title={title}>
      <p className="muted small">{intro}</p>
      {children}
      <div className="uploader">
        <Dashboard
          uppy={uppy}
          theme="dark"
          width="100%"
          height={height}
          fileManagerSelectionType={selection}
          proudlyDisplayPoweredByUppy={false}
          showRemoveButtonAfterComplete={false}
          note={note}
        />
      </div>
    </Card>
  );
}
