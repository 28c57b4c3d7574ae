// `pnpm bench`: runs every benchmark (bench/<area>/*.bench.ts) one after another, so they do not
// compete for the two cores, then prints the figures of bench/results/*.json as one table.
// Each benchmark measures its own baseline in the same run and writes its own result file.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(root, 'bench');
const only = process.argv.slice(2);

const files = readdirSync(benchDir, { recursive: true })
  .map(String)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => only.length === 0 || only.some((name) => file.includes(name)))
  .sort();

let failed = 0;
for (const file of files) {
  console.log(`\n▶ ${file}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(benchDir, file)], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) failed += 1;
}

const resultsDir = path.join(benchDir, 'results');
const rows = readdirSync(resultsDir)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .map((file) => JSON.parse(readFileSync(path.join(resultsDir, file), 'utf8')));
const round = (value) => (typeof value === 'number' ? Number(value.toPrecision(4)) : value);
console.log('\n| benchmark | metric | value | baseline | ratio | better |');
console.log('|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${r.name} | ${r.metric} (${r.unit}) | ${round(r.value)} | ${round(r.baseline)} | ${round(r.ratio)} | ${r.better} |`,
  );
}
process.exit(failed > 0 ? 1 : 0);
