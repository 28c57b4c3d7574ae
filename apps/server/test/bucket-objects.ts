import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/** Reads what the pipelines wrote into the test bucket. */
export function bucketObjects(s3: { client: S3Client; bucket: string }) {
  return {
    async bytes(key: string): Promise<Buffer> {
      const object = await s3.client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
      return Buffer.from((await object.Body?.transformToByteArray()) ?? new Uint8Array());
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
