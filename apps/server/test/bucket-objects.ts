import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';

/** Reads what the pipelines wrote into the test bucket. */
export function bucketObjects(s3: { client: S3Client; bucket: string }) {
  return {
    async bytes(key: string): Promise<Buffer> {
      const object = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
      return Buffer.from((await object.Body?.transformToByteArray()) ?? new Uint8Array());
    },
    /** Keys under `prefix` (up to 1,000: enough for a test). */
    async keys(prefix: string): Promise<string[]> {
      const listed = await s3.client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix }));
      return (listed.Contents ?? []).flatMap((object) => (object.Key ? [object.Key] : []));
    },
    async exists(key: string): Promise<boolean> {
      try {
        await s3.client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: key }));
        return true;
      } catch {
        return false;
      }
    },
  };
}
