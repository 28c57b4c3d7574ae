export {
  type CaughtMailView,
  type Context,
  type ContextServices,
  createContext,
  linkBaseFor,
  type MailServices,
  type MediaBucket,
  resolveViewer,
  type Viewer,
} from './context';
export { type AddressEntry, parseAddressList } from './mail/address-list';
export { formatTimestamp, parseTracklist } from './music/tracklist';
export { type AppRouter, appRouter, createCaller } from './root';
export * from './schemas/events';
export * from './schemas/images';
export * from './schemas/invites';
export * from './schemas/listening';
export * from './schemas/members';
export * from './schemas/music';
