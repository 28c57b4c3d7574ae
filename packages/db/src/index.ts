export { createDatabase, type Database } from './client';
export { runMigrations } from './migrate';
export * from './queries/invites';
export * from './queries/users';
export * as schema from './schema';
export type { Role } from './schema';
export { roles } from './schema';
