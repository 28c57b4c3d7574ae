// The JavaScript a first visit downloads before anything shows, per SPA, gzip-compressed, against
// the budget in scripts/bundle-budget.json. `npm test` runs it after the build: a page that grows
// past its budget fails the run with the figures, so growth is a decision, not an accident.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const budgets = JSON.parse(readFileSync(path.join(root, 'scripts', 'bundle-budget.json'), 'utf8'));

/** Scripts and module preloads index.html makes the browser fetch at once (lazy chunks excluded). */
function initialScripts(html) {
  const urls = [];
  for (const match of html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g)) urls.push(match[1]);
  for (const match of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)) urls.push(match[1]);
  return [...new Set(urls)];
}

let over = 0;
for (const [app, budget] of Object.entries(budgets.initialJsGzipKiB)) {
  const dist = path.join(root, 'apps', app, 'dist');
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const base = app === 'admin' ? '/admin/' : '/';
  let raw = 0;
  let gzipped = 0;
  for (const url of initialScripts(html)) {
    const file = path.join(dist, url.startsWith(base) ? url.slice(base.length) : url);
    const bytes = readFileSync(file);
    raw += bytes.length;
    gzipped += gzipSync(bytes, { level: 9 }).length;
  }
  const kib = gzipped / 1024;
  const ok = kib <= budget;
  if (!ok) over += 1;
  console.log(
    `${ok ? '✓' : '✖'} ${app}: ${kib.toFixed(1)} KiB gzip of initial JavaScript (${(raw / 1024).toFixed(0)} KiB raw), budget ${budget} KiB`,
  );
}
if (over > 0) {
  console.error(
    'Past the budget: split the code (lazy routes) or raise the budget in scripts/bundle-budget.json, saying why.',
  );
  process.exit(1);
}
