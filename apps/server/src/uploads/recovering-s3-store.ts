import type { Readable } from 'node:stream';
import { S3Store } from '@tus/s3-store';
import { ERRORS, type Upload } from '@tus/utils';

/** What S3 services answer for a multipart upload that is gone (AWS: NoSuchUpload; Ceph and others: NoSuchKey). */
function isMissingUpload(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const name = 'name' in error ? error.name : undefined;
  const code = 'Code' in error ? error.Code : undefined;
  return [name, code].some((value) => value === 'NoSuchUpload' || value === 'NoSuchKey');
}

/**
 * The tus S3 store, made whole after a process died between the steps that finish an upload. Finishing
 * is three steps in three places — the last part reaches S3, CompleteMultipartUpload joins the parts,
 * our `onUploadFinish` registers the file — and a killed server can stop between any two:
 *
 * - every part stored, Complete never sent: the store would report the full offset, the client would
 *   stop, and the original would never exist. The next HEAD or PATCH completes it here.
 * - Complete sent and done by S3, its answer never heard: the multipart upload is gone, so the store
 *   would answer the resumed PATCH with a 500 NoSuchUpload. Here it is answered as finished.
 * - S3 done, `onUploadFinish` never ran: the client sees a finished upload that the app never
 *   processes. `onStored` runs the app's finish step (it must be idempotent) whenever the object is found.
 *
 * A multipart upload that is gone without its object (aborted by the expiry sweep) answers 410 instead
 * of pretending to be complete.
 */
export class RecoveringS3Store extends S3Store {
  constructor(
    options: ConstructorParameters<typeof S3Store>[0],
    private readonly onStored: (id: string) => Promise<void>,
  ) {
    super(options);
  }

  override async getUpload(id: string): Promise<Upload> {
    const upload = await super.getUpload(id);
    if (upload.size === undefined || upload.size === 0 || upload.offset < upload.size) return upload;
    if (!(await this.isStored(id, upload.size))) await this.completeLeftover(id, upload.size);
    await this.onStored(id);
    return upload;
  }

  override async write(src: Readable, id: string, offset: number): Promise<number> {
    try {
      return await super.write(src, id, offset);
    } catch (error) {
      if (!isMissingUpload(error)) throw error;
      const { file } = await this.getMetadata(id);
      if (file.size === undefined || !(await this.isStored(id, file.size))) throw error;
      // The bytes of this request are the ones S3 already joined: tus resends from the last offset it knew.
      src.resume();
      return file.size;
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
      if (isMissingUpload(error)) throw ERRORS.FILE_NO_LONGER_EXISTS;
      throw error;
    }
  }

  private async isStored(id: string, size: number): Promise<boolean> {
    try {
      const head = await this.client.headObject({ Bucket: this.bucket, Key: id });
      return head.ContentLength === size;
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404) return false;
      throw error;
    }
  }
}
