export { buildUser, seedUser, type UserRow } from './factories';
export { useTestDatabase } from './test-database';
