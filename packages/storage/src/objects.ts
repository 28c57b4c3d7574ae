import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  AbortMultipartUploadCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';

const DISK_ERRORS = new Set(['ENOSPC', 'EDQUOT', 'EIO', 'EROFS']);

/** Streams an object to a local file (memory stays flat whatever its size). */
export async function downloadToFile(
  client: S3Client,
  bucket: string,
  key: string,
  path: string,
): Promise<void> {
  const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!response.Body) throw new Error(`S3 returned no body for ${key}`);
  try {
    await pipeline(response.Body as Readable, createWriteStream(path));
  } catch (error) {
    // A failed write(2) names no file ("ENOSPC: no space left on device, write"); the log should.
    if (
      error instanceof Error &&
      'code' in error &&
      DISK_ERRORS.has(String(error.code)) &&
      !('path' in error)
    ) {
      Object.assign(error, { path });
    }
    throw error;
  }
}

/** Uploads a local file as one object. For files above a few hundred MB use a multipart upload. */
export async function uploadFile(
  client: S3Client,
  bucket: string,
  key: string,
  path: string,
  contentType: string,
): Promise<{ bytes: number }> {
  const { size } = await stat(path);
  await client.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: createReadStream(path),
      ContentLength: size,
      ContentType: contentType,
    }),
  );
  return { bytes: size };
}

/** Deletes objects (missing ones count as deleted); throws if S3 reports any failure. */
export async function deleteObjects(client: S3Client, bucket: string, keys: string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += 1000) {
    const batch = keys.slice(i, i + 1000);
    const result = await client.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
      }),
    );
    const failed = result.Errors ?? [];
    if (failed.length > 0) {
      throw new Error(
        `S3 could not delete ${failed.length} object(s), first: ${failed[0]?.Key} (${failed[0]?.Code})`,
      );
    }
  }
}

/** Every object under a prefix, page by page (1000 keys a request). */
export async function* listObjects(
  client: S3Client,
  bucket: string,
  prefix: string,
): AsyncGenerator<{ key: string; size: number; lastModified: Date; etag: string }> {
  let continuationToken: string | undefined;
  do {
    const page = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: continuationToken }),
    );
    for (const object of page.Contents ?? []) {
      if (object.Key)
        yield {
          key: object.Key,
          size: object.Size ?? 0,
          lastModified: object.LastModified ?? new Date(0),
          etag: object.ETag ?? '',
        };
    }
    continuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (continuationToken);
}

/** Multipart uploads S3 still holds parts for under a prefix, page by page. */
export async function* listMultipartUploads(
  client: S3Client,
  bucket: string,
  prefix: string,
): AsyncGenerator<{ key: string; uploadId: string; initiated: Date }> {
  let keyMarker: string | undefined;
  let uploadIdMarker: string | undefined;
  do {
    const page = await client.send(
      new ListMultipartUploadsCommand({
        Bucket: bucket,
        Prefix: prefix,
        KeyMarker: keyMarker,
        UploadIdMarker: uploadIdMarker,
      }),
    );
    for (const upload of page.Uploads ?? []) {
      if (upload.Key && upload.UploadId)
        yield { key: upload.Key, uploadId: upload.UploadId, initiated: upload.Initiated ?? new Date(0) };
    }
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    uploadIdMarker = page.IsTruncated ? page.NextUploadIdMarker : undefined;
  } while (keyMarker);
}

/** Frees the parts of a multipart upload; one that is already gone counts as aborted. */
export async function abortMultipartUpload(
  client: S3Client,
  bucket: string,
  key: string,
  uploadId: string,
): Promise<void> {
  try {
    await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
  } catch (error) {
    // AWS answers NoSuchUpload, Ceph's radosgw NoSuchKey for an upload that no longer exists.
    const code = (error as { name?: string }).name;
    if (code !== 'NoSuchUpload' && code !== 'NoSuchKey') throw error;
  }
}

/** An object's bytes as a stream, read as fast as the consumer reads (for streaming downloads). */
export async function openObject(
  client: S3Client,
  bucket: string,
  key: string,
  signal?: AbortSignal,
): Promise<Readable> {
  const response = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), {
    abortSignal: signal,
  });
  if (!response.Body) throw new Error(`S3 returned no body for ${key}`);
  return response.Body as Readable;
}
