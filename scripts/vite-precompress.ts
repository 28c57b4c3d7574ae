import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/**
 * Writes a Brotli (`.br`) and a gzip (`.gz`) copy beside every script and style sheet of an SPA's
 * build. The server sends them to browsers that accept them (@fastify/static `preCompressed`), so
 * the member app's ~640 KB of JavaScript travels as the ~170 KB that scripts/bundle-budget.json
 * counts, without compressing anything per request.
 */
export function precompress() {
  let assetsDir = '';
  return {
    name: 'party-precompress',
    apply: 'build' as const,
    // Typed by hand: vite is each SPA's dependency, not the root's, so this file cannot import its types.
    configResolved(config: { root: string; build: { outDir: string; assetsDir: string } }) {
      assetsDir = path.resolve(config.root, config.build.outDir, config.build.assetsDir);
    },
    async closeBundle() {
      for (const name of await readdir(assetsDir)) {
        if (!/\.(js|css)$/.test(name)) continue;
        const file = path.join(assetsDir, name);
        const bytes = await readFile(file);
        const brotli = brotliCompressSync(bytes, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
          },
        });
        await writeFile(`${file}.br`, brotli);
        await writeFile(`${file}.gz`, gzipSync(bytes, { level: 9 }));
      }
    },
  };
}
