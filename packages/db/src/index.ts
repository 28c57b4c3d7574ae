export { createDatabase, type Database, type Transaction } from './client';
export { runMigrations } from './migrate';
export * from './queries/comments';
export * from './queries/cue-points';
export * from './queries/downloads';
export * from './queries/events';
export * from './queries/favourites';
export * from './queries/images';
export * from './queries/invites';
export * from './queries/library-state';
export * from './queries/listening';
export * from './queries/listening-stats';
export * from './queries/member-data';
export * from './queries/music-sets';
export * from './queries/notices';
export * from './queries/overview';
export * from './queries/share-links';
export * from './queries/storage-sweep';
export * from './queries/system';
export * from './queries/takedowns';
export * from './queries/ticketing';
export * from './queries/tracks';
export * from './queries/uploads';
export * from './queries/users';
export { type AudienceClass, type ViewerScope, visibleTo } from './queries/visibility';
export type {
  DeliveryStatus,
  DownloadKind,
  ImageStatus,
  ImageVariantFormat,
  InviteMailState,
  NoticeKind,
  NoticeState,
  PhotoConsent,
  RecordSource,
  RejectionReason,
  Role,
  SyncReport,
  SyncRunStatus,
  TakedownState,
  TrackStatus,
  UploadKind,
  Visibility,
} from './schema';
export * as schema from './schema';
export {
  downloadKinds,
  imageVariantContentTypes,
  photoConsents,
  rejectionReasons,
  roles,
  takedownStates,
  visibilities,
} from './schema';
