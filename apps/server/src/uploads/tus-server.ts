import type { Database } from '@party/db';
import {
  completeUpload,
  createImage,
  createTrack,
  createUpload,
  startCoverUpload,
  type UploadKind,
} from '@party/db';
import type { JobQueue } from '@party/jobs';
import {
  newOriginalKey,
  originalKeyFromUrlId,
  type S3Config,
  s3ClientConfig,
  UPLOAD_PART_SIZE,
  urlIdFromOriginalKey,
} from '@party/storage';
import { Server as TusServer } from '@tus/server';
import type { KvStore, Locker } from '@tus/utils';
import { LIVE_SAFETY_NET_SECONDS, type LiveEncoder } from './live/live-encoder';
import { S3UploadStore } from './s3-upload-store';
import { UPLOAD_EXPIRY_MS } from './tus-protocol';
import { parseTusMetadata, sanitizeFileName } from './upload-rules';

/**
 * `@tus/s3-store` keeps each upload's metadata (the `.info` object) in a per-process memory cache
 * and drops an entry only in the process that finishes or deletes the upload. With several API
 * processes whose requests alternate, every other process keeps the entries of uploads it once
 * touched for good. Nothing the store reads from the cache changes after creation, so skipping it
 * costs one small GET of the `.info` object per request and keeps no per-process state at all.
 */
class NoCache<T> implements KvStore<T> {
  async get(): Promise<T | undefined> {
    return undefined;
  }
  async set(): Promise<void> {}
  async delete(): Promise<void> {}
}

/** Set by the HTTP route after it authenticated the request; any client-sent value is overwritten. */
export const OWNER_HEADER = 'x-party-upload-owner';

export interface TusDeps {
  db: Database;
  jobs: JobQueue;
  s3: S3Config;
  /** Hard cap for any upload; the route applies the per-kind limits before tus sees a request. */
  maxSize: number;
  /** `useTags` of the S3 store: only where the service supports object tagging. */
  s3Tagging: boolean;
  log: { error(details: object, message: string): void };
  /** Upload locks; tus's in-memory default is only safe with one API process. */
  locker?: Locker;
  /** Origins whose pages may call `/files` from another origin (tus answers `*` without this list). */
  allowedOrigins: string[];
  /** Encoding while uploading (LIVE_ENCODE); absent: every audio upload is processed by its job. */
  live?: LiveEncoder;
}

/**
 * The tus server behind `/files`: uploads go straight to S3 as multipart uploads, the original
 * keeps its bytes untouched at `originals/<uuid>`, and a finished photo becomes an image row (a
 * finished audio file a track, a finished cover image the set's pending cover) with a processing job.
 */
export function createTusServer(deps: TusDeps) {
  const datastore = new S3UploadStore(
    {
      // Equal non-trailing parts: partSize = minPartSize.
      partSize: UPLOAD_PART_SIZE,
      minPartSize: UPLOAD_PART_SIZE,
      useTags: deps.s3Tagging,
      // Abandoned uploads expire after a day (Upload-Expires); the route answers 410 past it.
      expirationPeriodInMilliseconds: UPLOAD_EXPIRY_MS,
      maxConcurrentPartUploads: 4,
      cache: new NoCache(),
      s3ClientConfig: { ...s3ClientConfig(deps.s3), bucket: deps.s3.bucket },
    },
    (id) => finishUpload(deps, id),
  );
  // The store could take uploads of unknown length, but the upload contract requires
  // Upload-Length (limits are checked on creation): `Tus-Extension` must not offer it.
  datastore.extensions = datastore.extensions.filter((extension) => extension !== 'creation-defer-length');

  const server = new TusServer({
    path: '/files',
    datastore,
    ...(deps.locker ? { locker: deps.locker } : {}),
    maxSize: deps.maxSize,
    allowedOrigins: deps.allowedOrigins,
    relativeLocation: true,
    // The upload id is the S3 key (`originals/<uuid>`); URLs carry only the uuid.
    namingFunction: () => newOriginalKey(),
    generateUrl: (_req, { path, id }) => `${path}/${urlIdFromOriginalKey(id)}`,
    getFileIdFromRequest: (_req, lastPath) => (lastPath ? originalKeyFromUrlId(lastPath) : undefined),
    disableTerminationForFinishedUploads: true,
    onUploadCreate: async (req, upload) => {
      const ownerId = req.headers.get(OWNER_HEADER);
      const metadata = parseTusMetadata(req.headers.get('upload-metadata') ?? undefined);
      if (!ownerId || !metadata || upload.size === undefined) {
        throw { status_code: 400, body: 'The upload could not be registered.' };
      }
      // The route checked the metadata against the upload contract before tus saw the request.
      const kind: UploadKind =
        metadata.kind === 'audio' || metadata.kind === 'cover' ? metadata.kind : 'image';
      await createUpload(deps.db, {
        id: upload.id,
        ownerId,
        kind,
        eventId: kind === 'image' ? (metadata.eventId ?? null) : null,
        targetId: kind === 'image' ? null : (metadata.setId ?? null),
        fileName: sanitizeFileName(metadata.filename ?? metadata.name ?? 'upload'),
        fileType: metadata.filetype || null,
        size: upload.size,
      });
      return {};
    },
    onUploadFinish: async (_req, upload) => {
      await finishUpload(deps, upload.id);
      return {};
    },
    onResponseError: (_req, error) => {
      if (error instanceof Error) deps.log.error({ err: error }, 'tus upload failed');
      return undefined;
    },
  });
  return { server, datastore };
}

/**
 * Registers a finished upload: a photo becomes an image row, an audio file a track, a cover image the
 * set's pending cover, each with its processing job. Runs once per upload whoever calls it (the PATCH
 * that finished it, or a later HEAD/PATCH that found it finished by a process that died): only the
 * call that moves the upload row from `uploading` to `complete` does anything.
 */
async function finishUpload(deps: Pick<TusDeps, 'db' | 'jobs' | 'live'>, id: string): Promise<void> {
  const finished = await completeUpload(deps.db, id);
  if (finished?.kind === 'image' && finished.eventId) {
    const image = await createImage(deps.db, {
      eventId: finished.eventId,
      uploadId: finished.id,
      originalKey: finished.id,
      originalName: finished.fileName,
      bytes: finished.size,
      mime: finished.fileType,
      createdBy: finished.ownerId,
    });
    await deps.jobs.send('process-image', { imageId: image.id });
  }
  if (finished?.kind === 'audio' && finished.targetId) {
    const track = await createTrack(deps.db, {
      setId: finished.targetId,
      uploadId: finished.id,
      originalKey: finished.id,
      originalName: finished.fileName,
      bytes: finished.size,
      createdBy: finished.ownerId,
    });
    // Taken over by the live encoder, the job is still queued, late, in case this process dies
    // before the tail is done: it skips a track that is ready by then.
    const live = deps.live?.takeOver(finished.id, { id: track.id, size: finished.size }) ?? false;
    await deps.jobs.send(
      'process-track',
      { trackId: track.id },
      live ? { startAfterSeconds: LIVE_SAFETY_NET_SECONDS } : undefined,
    );
  }
  if (finished?.kind === 'cover' && finished.targetId) {
    // The job also runs for a set deleted meanwhile: it removes the original then.
    await startCoverUpload(deps.db, finished.targetId, finished.id);
    await deps.jobs.send('process-cover', { setId: finished.targetId, uploadId: finished.id });
  }
}
