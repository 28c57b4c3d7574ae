export { type Context, createContext, type Viewer } from './context';
export { type AppRouter, appRouter, createCaller } from './root';
export * from './schemas/invites';
export * from './schemas/members';
