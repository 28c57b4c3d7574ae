// Entry point of `npm start` and `npm test` on a fresh machine that has only Node (20 or newer)
// and this repository. It runs on whatever Node the machine has; everything after the install
// runs on the Node 24 that the workspace pins (the `node` package in node_modules/.bin).
//
//   node scripts/bootstrap.mjs start   install, build, serve on http://localhost:3000/
//   node scripts/bootstrap.mjs test    install, then run every check and test suite
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FFMPEG, RADOSGW, TEST_PROGRAMS } from './system-programs.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { packageManager } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const mode = process.argv[2];
if (mode !== 'start' && mode !== 'test') {
  console.error('usage: node scripts/bootstrap.mjs start|test');
  process.exit(2);
}

const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };

function step(title) {
  console.log(`\n▶ ${title}`);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env, ...options });
  if (result.status !== 0) {
    console.error(`\n✖ ${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal}).`);
    process.exit(result.status || 1);
  }
}

const pnpm = (args) => run('npx', ['-y', packageManager, ...args]);

/** Installs Debian packages for the programs that are missing, when this machine allows it. */
function ensureSystemPackages(wanted) {
  const missing = wanted.filter(({ binary }) => !existsSync(binary));
  if (missing.length === 0) return;
  const names = [...new Set(missing.map(({ pkg }) => pkg))];
  const canApt = process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');
  if (!canApt) {
    console.warn(
      `! Missing ${names.join(', ')}. Install them (e.g. sudo apt-get install ${names.join(' ')}).`,
    );
    return;
  }
  step(`Installing ${names.join(', ')} from apt`);
  const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env: aptEnv });
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...names], { env: aptEnv });
}

step(`Installing dependencies with ${packageManager}`);
pnpm(['install', '--frozen-lockfile']);
ensureSystemPackages(
  mode === 'test' ? TEST_PROGRAMS : [...FFMPEG, ...(env.DEV_S3 === 'rgw' && !env.S3_ENDPOINT ? RADOSGW : [])],
);

if (mode === 'test') {
  step('Running the checks and tests');
  pnpm(['run', 'test:run']);
} else {
  step('Building the apps');
  pnpm(['run', 'build']);
  step('Starting the server (Ctrl+C stops it)');
  // The server runs in the foreground; signals are passed on so it can shut down gracefully.
  const child = spawn('npx', ['-y', packageManager, '--filter', '@party/server', 'start'], {
    cwd: root,
    stdio: 'inherit',
    env,
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}
