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
export { recordingJobQueue, useJobQueue, useS3Emulator } from './services';
export { useTestDatabase } from './test-database';
export { xorshiftBytes } from './xorshift-bytes';
export { type ReadZipEntry, readZip } from './zip-reader';
