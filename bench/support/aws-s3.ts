import { createRequire } from 'node:module';

// bench/ is no workspace package: take the AWS SDK from where the storage package resolves it.
const storageRequire = createRequire(new URL('../../packages/storage/package.json', import.meta.url));

/** `@aws-sdk/client-s3`, the copy that packages/storage uses. */
export const awsS3: typeof import('../../packages/storage/node_modules/@aws-sdk/client-s3') =
  storageRequire('@aws-sdk/client-s3');
