/** The migrated database that each integration test file copies with CREATE DATABASE ... TEMPLATE. */
export const TEMPLATE_DATABASE = 'party_template';
