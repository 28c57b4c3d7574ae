export {
  createMediaDelivery,
  DELIVERY_MODES,
  type DeliveredUrl,
  type DeliveryMode,
  type DeliveryUrlOptions,
  MEDIA_ROUTE_PREFIX,
  type MediaDelivery,
  type MediaDeliveryConfig,
  type ViewerDelivery,
} from './delivery/media-delivery';
export {
  type MediaTokenPayload,
  type MediaTokenResult,
  mediaTokenKey,
  signMediaToken,
  verifyMediaToken,
} from './delivery/media-token';
export { safeEntryName, safeEntryNames } from './delivery/zip-names';
export {
  dosDateTime,
  type ZipEntry,
  ZipSizeMismatchError,
  zipLength,
  zipStream,
} from './delivery/zip-stream';
export * from './keys';
export {
  abortMultipartUpload,
  deleteObjects,
  downloadToFile,
  listMultipartUploads,
  listObjects,
  openObject,
  uploadFile,
} from './objects';
export {
  attachmentDisposition,
  PRESIGN_TTL_SECONDS,
  presignGet,
  SIGNING_WINDOW_SECONDS,
  signingWindow,
} from './presign';
export { DiskCache, type DiskCacheOptions } from './proxy/disk-cache';
export { BodyLengthError, exactLength } from './proxy/exact-length';
export {
  decideRange,
  ifRangeAllows,
  isNotModified,
  type ObjectValidators,
  type RangeDecision,
} from './proxy/http-semantics';
export {
  ObjectChangedError,
  ObjectProxy,
  type ObjectProxyOptions,
  type ProxiedObject,
} from './proxy/object-proxy';
export {
  createS3Client,
  pingBucket,
  type S3Config,
  s3ClientConfig,
  UPLOAD_PART_SIZE,
} from './s3-client';
export { observeS3Errors } from './s3-observer';
