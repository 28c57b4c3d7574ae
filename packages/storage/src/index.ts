export { createS3Client, pingBucket, type S3Config } from './s3-client';
