import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { electronNativeBindingPath } from './native-binding';
import { dataDirOverride, resolveAppPaths } from './paths';

const facts = { appPath: '/src/heirloom', resourcesPath: '/opt/Heirloom/resources', userData: '/home/u/.config/Heirloom', pictures: '/home/u/Pictures', abi: '150' };

void test('from a checkout: workflows and the Electron-ABI SQLite build come from the project', () => {
  assert.deepEqual(resolveAppPaths({ ...facts, isPackaged: false }), {
    dataDir: '/home/u/.config/Heirloom',
    workflowsDir: join('/src/heirloom', 'workflows'),
    defaultOutputDir: join('/home/u/Pictures', 'Heirloom'),
    nativeBinding: join('/src/heirloom', '.native', 'electron-v150', 'better_sqlite3.node'),
    preload: join('/src/heirloom', 'dist', 'preload', 'preload.cjs'),
    rendererDir: join('/src/heirloom', 'dist', 'renderer'),
    rebuildWorker: join('/src/heirloom', 'dist', 'main', 'rebuild-worker.cjs'),
  });
});

void test('packaged: workflows from resources, node_modules already rebuilt for Electron', () => {
  const paths = resolveAppPaths({ ...facts, appPath: '/opt/Heirloom/resources/app.asar', isPackaged: true });
  assert.equal(paths.workflowsDir, join('/opt/Heirloom/resources', 'workflows'));
  assert.equal(paths.nativeBinding, undefined);
  assert.equal(paths.preload, join('/opt/Heirloom/resources/app.asar', 'dist', 'preload', 'preload.cjs'));
  assert.equal(paths.rebuildWorker, join('/opt/Heirloom/resources/app.asar.unpacked', 'dist', 'main', 'rebuild-worker.cjs'), 'a worker thread loads from outside the asar');
});

void test('HEIRLOOM_DATA_DIR overrides userData; blank means unset', () => {
  assert.equal(dataDirOverride({}, '/cwd'), undefined);
  assert.equal(dataDirOverride({ HEIRLOOM_DATA_DIR: ' ' }, '/cwd'), undefined);
  assert.equal(dataDirOverride({ HEIRLOOM_DATA_DIR: '/tmp/家' }, '/cwd'), '/tmp/家');
  assert.equal(dataDirOverride({ HEIRLOOM_DATA_DIR: 'data' }, '/cwd'), resolve('/cwd', 'data'));
});

void test('the native binding path rejects an ABI that is not a number', () => {
  assert.throws(() => electronNativeBindingPath('/src', '../../etc'), /invalid Electron ABI/);
});
