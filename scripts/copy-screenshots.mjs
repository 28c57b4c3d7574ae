// Copies the phone-size screenshots of the first-evening walk-through
// (tests/e2e/first-evening-walkthrough.e2e.test.ts writes them to test-results/screenshots/)
// into docs/screenshots/first-evening/, shrunk to 256-colour PNGs so the committed files stay small.
// Run after the test: `pnpm screenshots:first-evening`.
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// sharp is a dependency of @party/media (the image pipeline); borrowed from there, not duplicated.
const sharp = createRequire(path.join(root, 'packages/media/package.json'))('sharp');
const from = path.join(root, 'test-results/screenshots');
const to = path.join(root, 'docs/screenshots/first-evening');
const prefix = 'first-evening-390-';

const names = readdirSync(from).filter((name) => name.startsWith(prefix) && name.endsWith('.png'));
if (names.length === 0) {
  console.error(`No ${prefix}*.png in ${from}: run tests/e2e/first-evening-walkthrough.e2e.test.ts first.`);
  process.exit(1);
}
mkdirSync(to, { recursive: true });
for (const name of names) {
  const target = path.join(to, name.slice(prefix.length));
  await sharp(path.join(from, name)).png({ palette: true, colours: 256, compressionLevel: 9 }).toFile(target);
  console.log(`${path.relative(root, target)}  ${Math.round(statSync(target).size / 1024)} KiB`);
}
