import assert from 'node:assert/strict';
import { test } from 'node:test';
import { autoUpdaterOf, startAutoUpdate, updateSource } from './updater';
import type { Updater } from './updater';

void test('updates stay off unless packaged and a feed is configured', () => {
  assert.equal(updateSource({ isPackaged: false, envUrl: 'https://updates.example/heirloom', appUpdateYmlExists: true }).kind, 'off');
  assert.equal(updateSource({ isPackaged: true, envUrl: undefined, appUpdateYmlExists: false }).kind, 'off');
  assert.equal(updateSource({ isPackaged: true, envUrl: '  ', appUpdateYmlExists: false }).kind, 'off');
  assert.deepEqual(updateSource({ isPackaged: true, envUrl: undefined, appUpdateYmlExists: true }), { kind: 'app-update-yml' });
  assert.deepEqual(updateSource({ isPackaged: true, envUrl: 'https://updates.example/heirloom', appUpdateYmlExists: true }), {
    kind: 'generic',
    url: 'https://updates.example/heirloom',
  });
});

void test('an update feed must be https', () => {
  for (const url of ['http://updates.example/', 'file:///tmp/feed', 'not a url']) {
    const source = updateSource({ isPackaged: true, envUrl: url, appUpdateYmlExists: true });
    assert.equal(source.kind, 'off', url);
    assert.match(source.kind === 'off' ? source.reason : '', /must be an https URL/);
  }
});

void test('off means no updater is loaded, only a log line', async () => {
  const lines: string[] = [];
  await startAutoUpdate({ kind: 'off', reason: 'no publish feed configured' }, (line) => lines.push(line));
  assert.deepEqual(lines, ['auto-update off: no publish feed configured']);
});

void test('on: a generic feed is set before checking; app-update.yml is used as it is', async () => {
  const calls: string[] = [];
  const fake: Updater = {
    setFeedURL: (options) => void calls.push(`feed ${JSON.stringify(options)}`),
    checkForUpdatesAndNotify: () => (calls.push('check'), Promise.resolve(null)),
  };
  await startAutoUpdate({ kind: 'generic', url: 'https://updates.example/heirloom' }, () => {}, () => fake);
  assert.deepEqual(calls, ['feed {"provider":"generic","url":"https://updates.example/heirloom"}', 'check']);
  calls.length = 0;
  await startAutoUpdate({ kind: 'app-update-yml' }, () => {}, () => fake);
  assert.deepEqual(calls, ['check']);
});

void test('autoUpdaterOf finds the updater under both module shapes (CJS bundle, Node ESM)', () => {
  const fake: Updater = { setFeedURL: () => {}, checkForUpdatesAndNotify: () => Promise.resolve(null) };
  assert.equal(autoUpdaterOf({ autoUpdater: fake }), fake);
  assert.equal(autoUpdaterOf({ default: { autoUpdater: fake } }), fake);
  assert.throws(() => autoUpdaterOf({}), /no autoUpdater/);
});
