// An esbuild plugin for the renderer bundle (build/scripts/bundle.ts).
import { dirname, join } from 'node:path';
import type { Plugin } from 'esbuild';

/**
 * zod re-exports all its locales as a namespace (`z.locales`), which esbuild cannot tree-shake:
 * 48 files, 258 KB of the renderer's 900 KB to parse before the first paint, for error messages
 * the UI never shows (it words its own). The renderer gets a stub with English only, the
 * locale zod itself uses by default; Node bundles keep them all.
 */
export const zodEnglishOnly: Plugin = {
  name: 'zod-english-only',
  setup(plugin) {
    plugin.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: join(dirname(args.importer), '..', 'locales', 'en.js'), namespace: 'zod-locales' } : undefined,
    );
    plugin.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};
