export * from './keys';
export { deleteObjects, downloadToFile, listObjects, uploadFile } from './objects';
export {
  attachmentDisposition,
  PRESIGN_TTL_SECONDS,
  presignGet,
  SIGNING_WINDOW_SECONDS,
  signingWindow,
} from './presign';
export { createS3Client, pingBucket, type S3Config, s3ClientConfig } from './s3-client';
