// build/electron-builder.yml against the tree: electron-builder's own schema, every path it names,
// and the bundle outputs that package.json and electron/main rely on.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { PRELOAD_ENTRY, REBUILD_WORKER_ENTRY, RENDERER_DIR } from '../../electron/main/paths';
import { LINUX_SIZES } from './make-icons-sizes';

const root = join(import.meta.dirname, '..', '..');
// js-yaml ships no types (and @types/js-yaml is not installed): its one function, typed here.
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const config = yaml.load(read('build/electron-builder.yml')) as Record<string, unknown>;
const pkg = JSON.parse(read('package.json')) as { name: string; productName: string; main: string; dependencies: Record<string, string> };

type FileSet = { from: string; to: string; filter: string[] };
const section = <T>(key: string) => config[key] as T;

/** electron-builder file-pattern semantics we use: `**`, `*`, `!` exclusions applied in order. */
function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob.charAt(i);
    if (glob.startsWith('**/', i)) {
      source += '(?:.*/)?';
      i += 2;
    } else if (glob.startsWith('**', i)) {
      source += '.*';
      i += 1;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
function included(patterns: readonly string[], path: string): boolean {
  let result = false;
  for (const p of patterns) {
    if (p.startsWith('!')) {
      if (globToRegExp(p.slice(1)).test(path)) result = false;
    } else if (globToRegExp(p).test(path)) result = true;
  }
  return result;
}

void test('the matcher used below behaves like electron-builder patterns', () => {
  assert.ok(included(['dist/main/**'], 'dist/main/main.cjs'));
  assert.ok(!included(['dist/main/**'], 'dist/mainly.cjs'));
  assert.ok(!included(['dist/**', '!**/*.map'], 'dist/main/main.cjs.map'));
  assert.ok(included(['*/manifest.json'], 'ddcolor-portrait/manifest.json'));
  assert.ok(!included(['*/manifest.json'], 'a/b/manifest.json'));
});

void test("electron-builder's own schema accepts the config", async () => {
  // app-builder-lib is electron-builder's engine; resolved from electron-builder, not hoisting.
  const fromBuilder = createRequire(createRequire(join(root, 'package.json')).resolve('electron-builder/package.json'));
  const { validateConfiguration } = fromBuilder('app-builder-lib/out/util/config/config') as {
    validateConfiguration(config: unknown, logger: unknown): Promise<void>;
  };
  const { DebugLogger } = fromBuilder('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };
  await validateConfiguration(config, new DebugLogger(false));
  await assert.rejects(validateConfiguration({ ...config, linux: { categroy: 'Graphics' } }, new DebugLogger(false)), /configuration object that does not match/);
});

void test('identity matches package.json and the updater', () => {
  assert.equal(config.appId, 'app.heirloom.desktop');
  assert.equal(config.productName, pkg.productName);
  assert.equal(pkg.productName, 'Heirloom');
  assert.deepEqual(section('directories'), { buildResources: 'build', output: 'release' });
  assert.match(read('.gitignore'), /^release\/$/m);
  // null: no app-update.yml is written, so electron/main/updater.ts keeps updates off.
  assert.equal(config.publish, null);
});

void test('the packaged files cover main (package.json main), the preload main loads, and the renderer', () => {
  const files = section<string[]>('files');
  const mainPath = 'dist/main/main.cjs';
  assert.equal(pkg.main, mainPath);
  for (const path of [mainPath, PRELOAD_ENTRY, REBUILD_WORKER_ENTRY, `${RENDERER_DIR}/index.html`, `${RENDERER_DIR}/app.js`, 'package.json']) {
    assert.ok(included(files, path), `${path} is packaged`);
  }
  for (const path of ['electron/main/main.ts', 'node_modules/sharp/package.json', 'dist/cli/heirloom.js', 'release/x.AppImage']) {
    assert.ok(!included(files, path), `${path} is not packaged by the files list`);
  }
});

void test('bundle.ts writes exactly the outputs the package names, from sources that exist', () => {
  const bundle = read('build/scripts/bundle.ts');
  const outfiles = [...bundle.matchAll(/outfile:\s*'([^']+)'/g)].map((m) => m[1]);
  const entries = [...bundle.matchAll(/entryPoints:\s*\['([^']+)'\]/g)].map((m) => m[1] ?? '');
  assert.ok(outfiles.includes(pkg.main), `bundle.ts writes ${pkg.main}`);
  assert.ok(outfiles.includes(PRELOAD_ENTRY), `bundle.ts writes ${PRELOAD_ENTRY}`);
  assert.ok(outfiles.includes(`${RENDERER_DIR}/app.js`), `bundle.ts writes ${RENDERER_DIR}/app.js`);
  for (const worker of [REBUILD_WORKER_ENTRY, 'dist/cli/rebuild-worker.js']) assert.ok(outfiles.includes(worker), `bundle.ts writes ${worker}`);
  assert.ok(entries.includes('electron/main/main.ts') && entries.includes('electron/preload/preload.ts'));
  for (const entry of ['electron/main/main.ts', 'electron/preload/preload.ts']) assert.ok(existsSync(join(root, entry)), entry);
  assert.match(bundle, /renderer', 'index\.html'\), join\(dist, 'renderer', 'index\.html'\)/, 'bundle.ts copies renderer/index.html');
});

void test('extraResources ship every workflow template and manifest, and no code', () => {
  const [workflows, ...others] = section<FileSet[]>('extraResources');
  assert.deepEqual(others, []);
  assert.ok(workflows);
  assert.deepEqual([workflows.from, workflows.to], ['workflows', 'workflows']);
  const dirs = readdirSync(join(root, 'workflows'), { withFileTypes: true }).filter((d) => d.isDirectory());
  assert.ok(dirs.length > 0, 'there are workflows to ship');
  for (const dir of dirs) {
    for (const file of ['manifest.json', 'workflow.json']) {
      assert.ok(existsSync(join(root, 'workflows', dir.name, file)), `workflows/${dir.name}/${file} exists`);
      assert.ok(included(workflows.filter, `${dir.name}/${file}`), `workflows/${dir.name}/${file} is shipped`);
    }
  }
  for (const code of ['workflows.test.ts', 'tsconfig.json']) assert.ok(!included(workflows.filter, code), `${code} is not shipped`);
});

void test('native code is unpacked from the asar and rebuilt for Electron', () => {
  const unpack = section<string[]>('asarUnpack');
  for (const path of ['node_modules/better-sqlite3/build/Release/better_sqlite3.node', 'node_modules/sharp/lib/index.js', 'node_modules/@img/sharp-linux-x64/lib/sharp-linux-x64.node', 'node_modules/@img/sharp-libvips-linux-x64/lib/libvips-cpp.so.8']) {
    assert.ok(included(unpack, path), `${path} is unpacked`);
  }
  assert.ok(included(unpack, REBUILD_WORKER_ENTRY), 'the rebuild worker thread loads from app.asar.unpacked');
  assert.equal(config.npmRebuild, true);
  assert.ok(pkg.dependencies['better-sqlite3'] && pkg.dependencies.sharp, 'native modules are production dependencies');
});

void test('the three platforms have their targets', () => {
  const targets = (key: string) => section<{ target: string[] }>(key).target;
  assert.deepEqual(targets('linux'), ['AppImage', 'deb']);
  assert.deepEqual(targets('win'), ['nsis']);
  assert.deepEqual(targets('mac'), ['dmg']);
  assert.equal(section<{ category: string }>('linux').category, 'Graphics');
  assert.equal(section<{ category: string }>('mac').category, 'public.app-category.photography');
  assert.equal(section<{ hardenedRuntime: boolean }>('mac').hardenedRuntime, true);
});

void test('icons and entitlements exist and are what the config says', async () => {
  const icon = await sharp(join(root, config.icon as string)).metadata();
  assert.deepEqual([icon.format, icon.width, icon.height], ['png', 1024, 1024]);
  const linuxIcons = join(root, section<{ icon: string }>('linux').icon);
  for (const size of LINUX_SIZES) {
    const meta = await sharp(join(linuxIcons, `${size}x${size}.png`)).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height], ['png', size, size], `${size}x${size}.png`);
  }
  const mac = section<{ entitlements: string; entitlementsInherit: string }>('mac');
  for (const path of [mac.entitlements, mac.entitlementsInherit]) {
    assert.ok(statSync(join(root, path)).isFile(), path);
    assert.match(read(path), /<key>com\.apple\.security\.cs\.allow-jit<\/key>\s*<true\/>/);
  }
});
