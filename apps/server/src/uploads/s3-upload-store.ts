import type { Readable } from 'node:stream';
import { S3Store } from '@tus/s3-store';
import { ERRORS, type Upload } from '@tus/utils';

// What S3 services answer for a multipart upload that no longer exists: AWS (and the emulator)
// NoSuchUpload, Ceph's RADOS Gateway NoSuchKey.
const MISSING_UPLOAD_CODES = new Set(['NoSuchUpload', 'NoSuchKey']);
const MISSING_OBJECT_CODES = new Set(['NotFound', 'NoSuchKey']);

function hasCode(error: unknown, codes: Set<string>): boolean {
  const name = (error as { name?: unknown })?.name;
  const code = (error as { Code?: unknown })?.Code;
  return (typeof name === 'string' && codes.has(name)) || (typeof code === 'string' && codes.has(code));
}

/**
 * `@tus/s3-store`, made whole where an upload's state in S3 and the store's view of it part ways.
 * README: "S3 compatibility notes" and "Uploads survive a killed server".
 *
 * A process can die between the three steps that finish an upload — the last part reaches S3,
 * CompleteMultipartUpload joins the parts, `onStored` (the app's finish step) registers the file:
 * - every part stored, Complete never sent: the store alone would report the full offset and the
 *   original would never exist. The next HEAD or PATCH completes it here.
 * - Complete done by S3, its answer never heard: the multipart upload is gone, so the store alone
 *   would fail the resumed PATCH with a 500 NoSuchUpload. Here it is answered as finished.
 * - S3 done, the finish step never ran: `onStored` runs (it must be idempotent) whenever a finished
 *   upload is looked at, so the file is processed after all.
 *
 * And a multipart upload can vanish behind tus's back (a sweep in another process, a bucket
 * lifecycle rule, a race with expiry): the store alone reads that as "completed" on HEAD and fails a
 * PATCH with a 500 whose cause depends on the service. Here both answer 410 Gone, which tus clients
 * understand as "start again". Every verdict rests on what S3 holds (the object, the multipart
 * upload), not on an error code, so it holds for services that answer differently still.
 */
export class S3UploadStore extends S3Store {
  constructor(
    options: ConstructorParameters<typeof S3Store>[0],
    private readonly onStored: (id: string) => Promise<void> = async () => {},
  ) {
    super(options);
  }

  override async getUpload(id: string): Promise<Upload> {
    // The store turns any failure to read the `.info` object into 404 "no such upload"; an S3 that is
    // unreachable must stay an error (5xx), or a client would give the upload up and start over.
    await this.getMetadata(id).catch((error: unknown) => {
      if (!hasCode(error, MISSING_OBJECT_CODES)) throw error;
    });
    const upload = await super.getUpload(id);
    if (!upload.size || upload.offset < upload.size) return upload;
    // The store also reports a finished offset when ListParts found no multipart upload: believe it
    // only once the object it would have completed exists.
    if (!(await this.isStored(id, upload.size))) await this.completeLeftover(id, upload.size);
    await this.onStored(id);
    return upload;
  }

  override async write(src: Readable, id: string, offset: number): Promise<number> {
    try {
      return await super.write(src, id, offset);
    } catch (error) {
      const { file } = await this.getMetadata(id);
      if (file.size && (await this.isStored(id, file.size))) {
        // The bytes of this request are the ones S3 already joined: tus resends from the last offset it knew.
        src.resume();
        return file.size;
      }
      if (await this.vanished(id)) throw ERRORS.FILE_NO_LONGER_EXISTS;
      throw error;
    }
  }

  /** Sends the CompleteMultipartUpload a dead process did not, for an upload whose parts are all stored. */
  private async completeLeftover(id: string, size: number): Promise<void> {
    const metadata = await this.getMetadata(id);
    try {
      await this.finishMultipartUpload(metadata, await this.retrieveParts(id));
      await this.completeMetadata(metadata.file);
      await this.clearCache(id);
    } catch (error) {
      // Another request completed it at the same moment: fine when the object is there.
      if (await this.isStored(id, size)) return;
      if (await this.vanished(id)) throw ERRORS.FILE_NO_LONGER_EXISTS;
      throw error;
    }
  }

  /** True when S3 holds neither the upload's multipart upload nor its completed object. */
  private async vanished(id: string): Promise<boolean> {
    try {
      const metadata = await this.getMetadata(id);
      await this.client.listParts({
        Bucket: this.bucket,
        Key: id,
        UploadId: metadata['upload-id'],
        MaxParts: 1,
      });
      return false;
    } catch (error) {
      if (!hasCode(error, MISSING_UPLOAD_CODES)) return false;
      return !(await this.isStored(id));
    }
  }

  /** Whether the upload's object exists (with the given size, when one is given). */
  private async isStored(id: string, size?: number): Promise<boolean> {
    try {
      const head = await this.client.headObject({ Bucket: this.bucket, Key: id });
      return size === undefined || head.ContentLength === size;
    } catch (error) {
      if (hasCode(error, MISSING_OBJECT_CODES)) return false;
      throw error;
    }
  }
}
