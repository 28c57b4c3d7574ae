import { HeadBucketCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

/** Where and how to reach the one private bucket. */
export interface S3Config {
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * Size of every non-trailing part of a multipart upload (the tus S3 store's `partSize` and
 * `minPartSize`). Equal parts keep S3-compatible services that demand uniform parts happy; 8 MiB
 * balances request count against what a flaky connection re-sends. `pnpm run doctor` tests this size.
 */
export const UPLOAD_PART_SIZE = 8 * 1024 * 1024;

/**
 * SDK client settings that work with Strato and the local emulator alike; every S3 client of the
 * app (ours and the tus store's) is built from these.
 *
 * - `forcePathStyle`: Strato only serves `https://host/bucket/key`, never virtual-hosted buckets.
 * - checksums `WHEN_REQUIRED`: newer SDKs otherwise add CRC32 headers and aws-chunked bodies that
 *   S3-compatible services reject or store corrupted.
 */
export function s3ClientConfig(config: S3Config) {
  return {
    endpoint: config.endpoint,
    region: config.region,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
  } satisfies S3ClientConfig;
}

/** An S3 client with `s3ClientConfig`. */
export function createS3Client(config: S3Config): S3Client {
  return new S3Client(s3ClientConfig(config));
}

/** Resolves when the bucket answers a HEAD; throws with the service's reason otherwise. */
export async function pingBucket(client: S3Client, bucket: string): Promise<void> {
  await client.send(new HeadBucketCommand({ Bucket: bucket }));
}
