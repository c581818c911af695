import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { electronNativeBindingPath } from '../../electron/main/native-binding';
import { ELECTRON_HEADERS_URL, ensureElectronNative, planElectronNative } from './electron-sqlite';

// A fake project: real files, and fake prebuild-install / node-gyp scripts run as real child
// processes. Each appends its argv + cwd to calls.log and writes a "binary" naming itself,
// or exits 1 when the file named by its FAIL_* marker exists. The "binary" registers ABI 150,
// or 115 (Node 20's) when the WRONG_ABI marker exists.
const FAKE_TOOL = (name: string) => `
const fs = require('node:fs');
const path = require('node:path');
fs.appendFileSync(${JSON.stringify('CALLS')}, JSON.stringify({ tool: ${JSON.stringify(name)}, args: process.argv.slice(2), cwd: process.cwd(), nodedir: process.env.npm_config_nodedir ?? null }) + '\\n');
if (fs.existsSync(${JSON.stringify('FAIL')})) process.exit(1);
if (fs.existsSync('build')) { console.error('the Node build leaked into the scratch copy'); process.exit(3); }
fs.mkdirSync(path.join('build', 'Release'), { recursive: true });
const abi = fs.existsSync(${JSON.stringify('WRONG_ABI')}) ? '115' : '150';
fs.writeFileSync(path.join('build', 'Release', 'better_sqlite3.node'), 'node_register_module_v' + abi + ' ' + ${JSON.stringify(`built by ${name}`)});
`;

void describe('Electron build of better-sqlite3', () => {
  let root: string;
  let scratch: string;
  let calls: string;
  const lines: string[] = [];
  const opts = () => ({ root, env: { PATH: process.env.PATH, npm_config_nodedir: '/usr' }, platform: 'linux', arch: 'x64', tmpRoot: scratch, log: (l: string) => lines.push(l) });
  const readCalls = () =>
    existsSync(calls)
      ? readFileSync(calls, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { tool: string; args: string[]; cwd: string; nodedir: string | null })
      : [];
  const fakeTool = (dir: string, file: string, name: string) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, file), FAKE_TOOL(name).replace('"CALLS"', JSON.stringify(calls)).replace('"FAIL"', JSON.stringify(join(root, `FAIL_${name}`))).replace('"WRONG_ABI"', JSON.stringify(join(root, 'WRONG_ABI'))));
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'heirloom-native-root-'));
    scratch = mkdtempSync(join(tmpdir(), 'heirloom-native-scratch-'));
    calls = join(root, 'calls.log');
    lines.length = 0;
    const modules = join(root, 'node_modules');
    mkdirSync(join(modules, 'electron'), { recursive: true });
    writeFileSync(join(modules, 'electron', 'package.json'), JSON.stringify({ name: 'electron', version: '45.5.0' }));
    writeFileSync(join(modules, 'electron', 'abi_version'), '150\n');
    writeFileSync(join(modules, 'electron', 'path.txt'), 'electron');
    const sqlite = join(modules, 'better-sqlite3');
    mkdirSync(join(sqlite, 'src'), { recursive: true });
    mkdirSync(join(sqlite, 'build', 'Release'), { recursive: true });
    writeFileSync(join(sqlite, 'package.json'), JSON.stringify({ name: 'better-sqlite3', version: '12.11.1' }));
    writeFileSync(join(sqlite, 'binding.gyp'), '{}');
    writeFileSync(join(sqlite, 'src', 'better_sqlite3.cpp'), '// source');
    writeFileSync(join(sqlite, 'build', 'Release', 'better_sqlite3.node'), 'node build');
    fakeTool(join(modules, 'prebuild-install'), 'bin.js', 'prebuild-install');
    fakeTool(join(modules, 'node-gyp', 'bin'), 'node-gyp.js', 'node-gyp');
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(scratch, { recursive: true, force: true });
  });

  const target = () => electronNativeBindingPath(root, '150');

  void test('skips when the Electron binary is absent or its download was skipped', () => {
    rmSync(join(root, 'node_modules', 'electron', 'path.txt'));
    assert.match(JSON.stringify(planElectronNative(opts())), /"skip".*path\.txt missing/);
    writeFileSync(join(root, 'node_modules', 'electron', 'path.txt'), 'electron');
    assert.deepEqual(planElectronNative({ ...opts(), env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } }), { kind: 'skip', reason: 'ELECTRON_SKIP_BINARY_DOWNLOAD is set' });
  });

  void test('prebuilt binary: fetched for Electron in a scratch copy, the Node build untouched, scratch removed', async () => {
    const plan = await ensureElectronNative(opts());
    assert.equal(plan.kind, 'build');
    assert.equal(readFileSync(target(), 'utf8'), 'node_register_module_v150 built by prebuild-install');
    assert.equal(readFileSync(join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), 'utf8'), 'node build');
    const [call, ...rest] = readCalls();
    assert.deepEqual(rest, []);
    assert.deepEqual(call?.args, ['--runtime', 'electron', '--target', '45.5.0', '--arch', 'x64']);
    assert.ok(call.cwd.startsWith(scratch), 'runs in the scratch copy');
    assert.equal(call.nodedir, null, "npm's nodedir would point node-gyp at Node's headers");
    assert.deepEqual(readdirSync(scratch), []);
    assert.deepEqual(JSON.parse(readFileSync(join(root, '.native', 'electron-v150', 'better_sqlite3.json'), 'utf8')), {
      betterSqlite3: '12.11.1',
      electron: '45.5.0',
      abi: '150',
      platform: 'linux',
      arch: 'x64',
    });
  });

  void test('idempotent: a second run does nothing; a new better-sqlite3 version rebuilds', async () => {
    await ensureElectronNative(opts());
    assert.equal((await ensureElectronNative(opts())).kind, 'up-to-date');
    assert.equal(readCalls().length, 1);
    writeFileSync(join(root, 'node_modules', 'better-sqlite3', 'package.json'), JSON.stringify({ name: 'better-sqlite3', version: '12.12.0' }));
    assert.equal((await ensureElectronNative(opts())).kind, 'build');
    assert.equal(readCalls().length, 2);
  });

  void test('no prebuilt binary: compiled with node-gyp against Electron headers', async () => {
    writeFileSync(join(root, 'FAIL_prebuild-install'), '');
    await ensureElectronNative(opts());
    assert.equal(readFileSync(target(), 'utf8'), 'node_register_module_v150 built by node-gyp');
    assert.deepEqual(
      readCalls().map((c) => [c.tool, c.args]),
      [
        ['prebuild-install', ['--runtime', 'electron', '--target', '45.5.0', '--arch', 'x64']],
        ['node-gyp', ['rebuild', '--release', '--target=45.5.0', '--arch=x64', `--dist-url=${ELECTRON_HEADERS_URL}`]],
      ],
    );
    assert.ok(lines.some((l) => /compiling it with node-gyp/.test(l)));
  });

  void test('a build for the wrong ABI is refused (e.g. compiled against Node headers)', async () => {
    writeFileSync(join(root, 'FAIL_prebuild-install'), '');
    writeFileSync(join(root, 'WRONG_ABI'), '');
    await assert.rejects(ensureElectronNative(opts()), /the build is for ABI 115, not Electron's 150/);
    assert.equal(existsSync(target()), false);
  });

  void test('both fail: a clear error, nothing half-written, scratch removed', async () => {
    writeFileSync(join(root, 'FAIL_prebuild-install'), '');
    writeFileSync(join(root, 'FAIL_node-gyp'), '');
    await assert.rejects(ensureElectronNative(opts()), /prebuild-install exited 1 and node-gyp exited 1 \(see their output above; node-gyp needs https:\/\/electronjs.org\/headers, Python and a C\+\+ toolchain\)/);
    assert.equal(existsSync(join(root, '.native')), false);
    assert.deepEqual(readdirSync(scratch), []);
  });
});
