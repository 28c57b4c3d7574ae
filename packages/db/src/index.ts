export { createDatabase, type Database } from './client';
export { runMigrations } from './migrate';
export * from './queries/cue-points';
export * from './queries/downloads';
export * from './queries/events';
export * from './queries/images';
export * from './queries/invites';
export * from './queries/listening';
export * from './queries/member-data';
export * from './queries/music-sets';
export * from './queries/share-links';
export * from './queries/storage-sweep';
export * from './queries/takedowns';
export * from './queries/tracks';
export * from './queries/uploads';
export * from './queries/users';
export { type ViewerScope, visibleTo } from './queries/visibility';
export type {
  DownloadKind,
  ImageStatus,
  PhotoConsent,
  Role,
  TakedownState,
  TrackStatus,
  UploadKind,
  Visibility,
} from './schema';
export * as schema from './schema';
export { downloadKinds, photoConsents, roles, takedownStates, visibilities } from './schema';
