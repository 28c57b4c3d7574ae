// `npm test` after the install: lint, typecheck, build (the end-to-end tests drive the built
// SPAs), then every Vitest project. Ends with one plain line, `N passed, N failed`, where the
// lint, typecheck and build each count as one check next to the tests.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_PROGRAMS } from './system-programs.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = path.join(root, 'test-results');
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });

const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const checks = [];

function check(name, command, args) {
  console.log(`\n▶ ${name}`);
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
  });
  checks.push({ name, ok: result.status === 0 });
  return result.status === 0;
}

// In CI a missing program must fail the run with a sentence: otherwise the browser and audio suites
// would skip themselves and a green line would hide that they never ran. (Locally, without CI, the
// gateway rows skip with the reason in their names.)
if (process.env.CI === 'true') {
  const missing = TEST_PROGRAMS.filter(({ binary }) => !existsSync(binary));
  for (const { binary, pkg, purpose } of missing)
    console.error(`✖ CI=true but ${binary} is missing: install ${purpose} (apt package ${pkg}).`);
  checks.push({ name: 'programs the test suites need (CI)', ok: missing.length === 0 });
}

check('lint (biome)', bin('biome'), ['check', '.']);
check('typecheck', bin('turbo'), ['run', 'typecheck', '--output-logs=errors-only']);
// The benchmarks are no workspace package, so turbo does not check them.
check('typecheck (bench)', bin('tsc'), ['--noEmit', '-p', 'bench/tsconfig.json']);
const built = check('build', bin('turbo'), ['run', 'build', '--output-logs=errors-only']);
if (built)
  check('bundle size budget', process.execPath, [path.join(root, 'scripts', 'check-bundle-budget.mjs')]);

const reportFile = path.join(resultsDir, 'vitest.json');
console.log('\n▶ tests (vitest: unit, integration, e2e)');
const vitestArgs = ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${reportFile}`];
// Without a build there is nothing for the browser tests to open; they would only add noise.
if (!built) vitestArgs.push('--project=unit', '--project=integration');
const vitest = spawnSync(bin('vitest'), vitestArgs, { cwd: root, stdio: 'inherit' });

let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const report = JSON.parse(readFileSync(reportFile, 'utf8'));
  passed = report.numPassedTests;
  failed = report.numFailedTests;
  skipped = report.numPendingTests + report.numTodoTests;
  // A file that fails to load (syntax error, failing setup) has no tests to count.
  failed += report.testResults.filter(
    (file) => file.status === 'failed' && file.assertionResults.length === 0,
  ).length;
} catch {
  console.error('No Vitest report was written.');
  failed += 1;
}
if (vitest.status !== 0 && failed === 0) failed += 1;

for (const { ok } of checks) {
  if (ok) passed += 1;
  else failed += 1;
}
console.log('');
for (const { name, ok } of checks) console.log(`${ok ? '✓' : '✖'} ${name}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
