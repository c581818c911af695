// Bundles every runtime with esbuild into dist/:
//   dist/cli/heirloom.js   plain Node (ESM), deps external (node_modules present at run time)
//   dist/main/main.cjs     Electron main (CJS), deps external
//   dist/cli/rebuild-worker.js, dist/main/rebuild-worker.cjs  chroma mode's rebuild thread
//                          (electron/core/colorize/rebuild-pool.ts), one per runtime, started by
//                          path: ESM next to the CLI, CJS next to main (unpacked from the asar)
//   dist/preload/preload.cjs  sandboxed preload: only 'electron' external (sandbox can't require packages)
//   dist/renderer/         browser bundle + index.html, served by the browser host and loaded by Electron
import { build } from 'esbuild';
import { chmodSync, cpSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zodEnglishOnly } from './zod-english-only';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = join(root, 'dist');
const watch = process.argv.includes('--watch');
if (watch) throw new Error('--watch is not supported; rerun npm run build');

for (const sub of ['cli', 'main', 'preload', 'renderer']) rmSync(join(dist, sub), { recursive: true, force: true });

const common = { bundle: true, sourcemap: true, logLevel: 'warning', absWorkingDir: root } as const;

await Promise.all([
  build({
    ...common,
    entryPoints: ['electron/cli/heirloom.ts'],
    outfile: 'dist/cli/heirloom.js',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    banner: { js: '#!/usr/bin/env node' },
  }),
  build({
    ...common,
    entryPoints: ['electron/main/main.ts'],
    outfile: 'dist/main/main.cjs',
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    packages: 'external',
  }),
  build({
    ...common,
    entryPoints: ['electron/core/colorize/rebuild-worker.ts'],
    outfile: 'dist/cli/rebuild-worker.js',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
  }),
  build({
    ...common,
    entryPoints: ['electron/core/colorize/rebuild-worker.ts'],
    outfile: 'dist/main/rebuild-worker.cjs',
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    packages: 'external',
  }),
  build({
    ...common,
    entryPoints: ['electron/preload/preload.ts'],
    outfile: 'dist/preload/preload.cjs',
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['electron'],
  }),
  build({
    ...common,
    entryPoints: ['renderer/main.tsx'],
    outfile: 'dist/renderer/app.js',
    platform: 'browser',
    format: 'esm',
    target: 'chrome120',
    jsx: 'automatic',
    minify: true,
    loader: { '.svg': 'dataurl', '.png': 'dataurl' },
    define: { 'process.env.NODE_ENV': '"production"' },
    plugins: [zodEnglishOnly],
  }),
]);
mkdirSync(join(dist, 'renderer'), { recursive: true });
cpSync(join(root, 'renderer', 'index.html'), join(dist, 'renderer', 'index.html'));
chmodSync(join(dist, 'cli', 'heirloom.js'), 0o755);
console.log('bundled: dist/cli, dist/main, dist/preload, dist/renderer');
