import '@uppy/core/css/style.min.css';
import '@uppy/dashboard/css/style.min.css';
import '../../styles/uppy-theme.css';
import type Uppy from '@uppy/core';
import type { Body, Meta } from '@uppy/core';
import Dashboard from '@uppy/react/dashboard';
import { type ReactNode, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { coalesce } from '../../uploads/per-key';
import {
  failedUploads,
  offerRetry,
  type ServerFailure,
  type UploadedFileView,
  uploadIdOfFile,
} from '../../uploads/server-failures';
import { Card } from './page';

const NO_FAILURES: readonly ServerFailure[] = [];

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
 * Shows files the server took but could not use as failed in the Dashboard, with their reason:
 * refused files offer Remove only (Retry would fail the same way), and removing one from the
 * panel calls `onRemove` so it is removed on the server too. Returns whether Retry makes sense.
 */
function useServerFailures<M extends Meta, B extends Body>(
  uppy: Uppy<M, B>,
  failures: readonly ServerFailure[],
  onRemove: ((failure: ServerFailure) => void) | undefined,
): boolean {
  const files = useSyncExternalStore(
    (onChange) => uppy.store.subscribe(onChange),
    () => uppy.getState().files,
  );
  const views = useMemo(() => Object.values(files) as UploadedFileView[], [files]);
  const matches = useMemo(() => failedUploads(views, failures), [views, failures]);
  useEffect(() => {
    for (const { fileId, failure } of matches) {
      if (uppy.getFile(fileId)?.error !== failure.reason)
        uppy.setFileState(fileId, { error: failure.reason });
    }
  }, [uppy, matches]);

  const latest = useRef({ failures, onRemove });
  useEffect(() => {
    latest.current = { failures, onRemove };
  });
  useEffect(() => {
    const handler = (file: UploadedFileView | undefined) => {
      const id = file ? uploadIdOfFile(file) : null;
      const failure = latest.current.failures.find((f) => f.uploadId === id);
      if (failure) latest.current.onRemove?.(failure);
    };
    uppy.on('file-removed', handler);
    return () => {
      uppy.off('file-removed', handler);
    };
  }, [uppy]);

  const refused = new Set(matches.filter((m) => !m.failure.retryable).map((m) => m.fileId));
  return offerRetry(views, refused);
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
  failures = NO_FAILURES,
  onRemoveFailed,
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
  /** Finished uploads the server could not use (see `useServerFailures`). */
  failures?: readonly ServerFailure[];
  onRemoveFailed?: (failure: ServerFailure) => void;
  children?: ReactNode;
}) {
  const retry = useServerFailures(uppy, failures, onRemoveFailed);
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
          hideRetryButton={!retry}
          note={note}
        />
      </div>
    </Card>
  );
}
