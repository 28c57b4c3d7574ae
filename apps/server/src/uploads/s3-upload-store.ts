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
 * `@tus/s3-store` with an edge that answers the same on every S3 service when an upload's multipart
 * upload is gone from S3 while its `.info` object is still there (a sweep in another process, a
 * bucket lifecycle rule that aborts incomplete uploads, a race with expiry). The store alone reads a
 * missing multipart upload as "completed" (HEAD reports the full offset although the object was
 * never written) and fails a PATCH with a 500 whose cause depends on the service (AWS: NoSuchUpload;
 * RADOS Gateway: NoSuchKey from ListParts, a bare 500 from CompleteMultipartUpload after an abort).
 * Here both become 410 Gone, which tus clients understand as "start again". The verdict rests on
 * what S3 holds afterwards (no multipart upload and no object), not on an error code, so it holds
 * for services that answer differently still. README: "S3 compatibility notes".
 */
export class S3UploadStore extends S3Store {
  override async getUpload(id: string): Promise<Upload> {
    const upload = await super.getUpload(id);
    // The store reports a finished offset also when ListParts found no multipart upload: believe it
    // only when the object it would have completed exists.
    if (upload.size && upload.offset === upload.size && !(await this.objectExists(id))) {
      throw ERRORS.FILE_NO_LONGER_EXISTS;
    }
    return upload;
  }

  override async write(src: Readable, id: string, offset: number): Promise<number> {
    try {
      return await super.write(src, id, offset);
    } catch (error) {
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
      return !(await this.objectExists(id));
    }
  }

  private async objectExists(id: string): Promise<boolean> {
    try {
      await this.client.headObject({ Bucket: this.bucket, Key: id });
      return true;
    } catch (error) {
      if (hasCode(error, MISSING_OBJECT_CODES)) return false;
      throw error;
    }
  }
}
