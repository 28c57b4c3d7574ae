// The programs the app and its test suites take from Debian's packages: `bootstrap.mjs` installs
// the missing ones with apt, `run-tests.mjs` (with CI=true) fails the run when one is still missing.
// Plain JavaScript on any Node: both scripts run before (or without) the TypeScript toolchain, so
// RADOSGW repeats RADOSGW_PROGRAMS of packages/dev-services/src/radosgw.ts.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** Debian's PostgreSQL server binary of whichever major version is installed. */
function postgresServer() {
  const prefix = '/usr/lib/postgresql';
  const found = existsSync(prefix)
    ? readdirSync(prefix)
        .map((version) => path.join(prefix, version, 'bin', 'postgres'))
        .find(existsSync)
    : undefined;
  return found ?? path.join(prefix, '<version>', 'bin', 'postgres');
}

export const FFMPEG = [
  {
    binary: '/usr/bin/ffmpeg',
    pkg: 'ffmpeg',
    purpose: 'ffmpeg for the audio pipeline and the browser tests',
  },
];
export const CHROMIUM = [
  { binary: '/usr/bin/chromium', pkg: 'chromium', purpose: 'Chromium for the browser tests' },
];
// Debian's PostgreSQL server (any major version): the production-mode test runs it, and the backup
// test restores a dump into it with its pg_dump/pg_restore.
export const POSTGRESQL = [
  {
    binary: postgresServer(),
    pkg: 'postgresql',
    purpose: 'PostgreSQL for the production-mode and backup tests',
  },
];
// A throw-away Ceph RADOS Gateway: the real S3 server of the storage tests, and of
// `DEV_S3=rgw npm start`.
const gatewayPurpose = 'the Ceph RADOS Gateway for the storage suite and the doctor against a real S3 server';
export const RADOSGW = [
  ['radosgw', 'radosgw'],
  ['radosgw-admin', 'radosgw'],
  ['ceph-mon', 'ceph-mon'],
  ['monmaptool', 'ceph-mon'],
  ['ceph-osd', 'ceph-osd'],
  ['ceph', 'ceph-common'],
  ['uuidgen', 'uuid-runtime'],
].map(([name, pkg]) => ({ binary: `/usr/bin/${name}`, pkg, purpose: gatewayPurpose }));

/** Everything `npm test` needs. */
export const TEST_PROGRAMS = [...FFMPEG, ...CHROMIUM, ...POSTGRESQL, ...RADOSGW];
