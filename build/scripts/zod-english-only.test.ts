// The renderer's zod keeps English error messages and nothing else: the plugin must cut the other
// locales out of the bundle without breaking zod (z.locales.en and its default messages work).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { zodEnglishOnly } from './zod-english-only';

const ROOT = join(import.meta.dirname, '..', '..');
const ENTRY = `
  import { z } from 'zod';
  globalThis.out = JSON.stringify({ locales: Object.keys(z.locales), message: z.string().safeParse(1).error.issues[0].message });
`;

async function bundle(plugins: typeof zodEnglishOnly[]) {
  const result = await build({
    stdin: { contents: ENTRY, resolveDir: ROOT, loader: 'js' },
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    minify: true,
    metafile: true,
    logLevel: 'silent',
    plugins,
  });
  const code = result.outputFiles[0]?.text ?? assert.fail('no output');
  const context: { out?: string } = {};
  runInNewContext(code, { globalThis: context });
  const locales = Object.keys(result.metafile.inputs).filter((input) => /zod[\\/]v4[\\/]locales[\\/]\w/.test(input) && !input.endsWith('index.js') && !input.startsWith('zod-locales:'));
  // Passed out as JSON: arrays made in the VM's realm have another prototype.
  const out = JSON.parse(context.out ?? assert.fail('the bundle did not run')) as { locales: string[]; message: string };
  return { bytes: code.length, out, localeFiles: locales };
}

test('the renderer bundle of zod has the English locale only, and zod still answers in English', async () => {
  const full = await bundle([]);
  const stubbed = await bundle([zodEnglishOnly]);
  assert.ok(full.out.locales.length > 40, `zod ships many locales (${full.out.locales.length})`);
  assert.deepEqual(stubbed.out.locales, ['en']);
  assert.equal(stubbed.out.message, full.out.message);
  assert.match(stubbed.out.message, /expected string/);
  assert.deepEqual(stubbed.localeFiles.map((f) => f.replace(/.*[\\/]/, '')), ['en.js']);
  assert.ok(full.bytes - stubbed.bytes > 150_000, `saves ${full.bytes - stubbed.bytes} bytes`);
});
