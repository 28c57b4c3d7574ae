export {
  buildUser,
  type EventRow,
  type ImageRow,
  seedEvent,
  seedImage,
  seedUser,
  type UserRow,
} from './factories';
export { recordingJobQueue, useJobQueue, useS3Emulator } from './services';
export { useTestDatabase } from './test-database';
export { xorshiftBytes } from './xorshift-bytes';
