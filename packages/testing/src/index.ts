export {
  buildMusicSet,
  buildRendition,
  buildTrack,
  buildUser,
  type EventRow,
  type ImageRow,
  type MusicSetRow,
  seedEvent,
  seedImage,
  seedMusicSet,
  seedRendition,
  seedTrack,
  seedUser,
  type TrackRenditionRow,
  type TrackRow,
  type UserRow,
} from './factories';
export {
  gatewaySkipReason,
  recordingJobQueue,
  S3_BACKENDS,
  type S3Backend,
  startTestS3,
  type TestS3,
  useJobQueue,
  useS3Emulator,
  useTestS3,
} from './services';
export { useTestDatabase } from './test-database';
export { xorshiftBytes } from './xorshift-bytes';
export { type ReadZipEntry, readZip } from './zip-reader';
