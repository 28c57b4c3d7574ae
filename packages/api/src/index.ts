export {
  type CaughtMailView,
  type Clock,
  type Context,
  type ContextServices,
  createContext,
  type IntegrationConfig,
  linkBaseFor,
  type MailServices,
  type MediaBucket,
  resolveViewer,
  type SystemServices,
  systemClock,
  type Viewer,
} from './context';
export { type AddressEntry, parseAddressList } from './mail/address-list';
export {
  MAX_ZIP_PHOTOS,
  MAX_ZIP_SELECTION,
  type MaxZipSelection,
  type PhotoZipEntry,
  type PhotoZipPlan,
  type PhotoZipRequest,
  planPhotoZip,
} from './media/photo-zip';
export { formatTimestamp, parseTracklist } from './music/tracklist';
export { TAKEDOWNS_PER_DAY } from './privacy/takedown-limit';
export { type AppRouter, appRouter, createCaller } from './root';
export * from './schemas/comments';
export * from './schemas/events';
export * from './schemas/favourites';
export * from './schemas/images';
export * from './schemas/invites';
export * from './schemas/listening';
export * from './schemas/listening-stats';
export * from './schemas/members';
export * from './schemas/music';
export * from './schemas/privacy';
export * from './schemas/share';
export * from './schemas/system';
export { shareLinkState } from './share/share-access';
export { isShareViewer, shareLinkIdOfViewer } from './share/share-viewer';
export { COMMENT_MAX_LENGTH, COMMENT_RATE_LIMITS, normaliseCommentBody } from './social/comment-rules';
