export { createDatabase, type Database } from './client';
export { runMigrations } from './migrate';
export * from './queries/invites';
export * from './queries/users';
export type { Role } from './schema';
export * as schema from './schema';
export { roles } from './schema';
