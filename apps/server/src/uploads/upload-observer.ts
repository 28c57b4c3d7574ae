import { type Database, recordUploadProgress } from '@party/db';
import type { Server as TusServer } from '@tus/server';
import { EVENTS, type Upload } from '@tus/utils';
import type { Metrics } from '../metrics/metrics';

/**
 * Watches tus uploads for metrics and the admin System page, without touching how they run:
 * tus reports progress about once a second while a PATCH streams (`POST_RECEIVE`) and once when
 * the last byte is in (`POST_FINISH`). Bytes are counted as the growth of the offset since the
 * last report seen by this process; the route tells where each PATCH started (`begin`).
 * A PATCH that breaks off has its last second of bytes counted at the upload's next report.
 */
export function observeUploads(
  tus: TusServer,
  deps: { db: Database; metrics?: Metrics; log: { warn(details: object, message: string): void } },
) {
  const lastOffset = new Map<string, number>();
  const advance = (id: string, offset: number) => {
    const last = lastOffset.get(id);
    if (last !== undefined && offset > last) deps.metrics?.uploadBytes(offset - last);
    lastOffset.set(id, Math.max(offset, last ?? 0));
  };
  const store = (id: string, offset: number) => {
    recordUploadProgress(deps.db, id, offset).catch((error: unknown) =>
      deps.log.warn({ err: error }, 'could not record upload progress'),
    );
  };
  tus.on(EVENTS.POST_RECEIVE, (_req: unknown, upload: Upload) => {
    advance(upload.id, upload.offset);
    store(upload.id, upload.offset);
  });
  tus.on(EVENTS.POST_FINISH, (_req: unknown, _res: unknown, upload: Upload) => {
    advance(upload.id, upload.size ?? upload.offset);
    lastOffset.delete(upload.id);
    deps.metrics?.uploadCompleted(upload.metadata?.kind ?? 'image');
  });
  return {
    /** A PATCH for `id` starts at `offset`; its bytes are counted from there. */
    begin(id: string, offset: number) {
      deps.metrics?.uploadStarted();
      if (!lastOffset.has(id) || (lastOffset.get(id) ?? 0) < offset) lastOffset.set(id, offset);
    },
    /** The PATCH ended (finished, paused or broken off). */
    end() {
      deps.metrics?.uploadStopped();
    },
  };
}

export type UploadObserver = ReturnType<typeof observeUploads>;
