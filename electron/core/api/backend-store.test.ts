import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createCountingIds, createTestClock, openTestDb, tempDir } from '../testing/test-db';
import { BackendStoreError, createBackendStore, normalizeBackendUrl } from './backend-store';

const dirs: Array<() => void> = [];
after(() => dirs.forEach((remove) => remove()));

function setup() {
  const dir = tempDir('backends');
  dirs.push(dir.remove);
  const clock = createTestClock();
  const db = openTestDb(dir.path, clock.now);
  return { db, clock, store: createBackendStore(db, { now: clock.now, randomId: createCountingIds('b') }) };
}

const code = (expected: string) => (error: unknown) => error instanceof BackendStoreError && error.code === expected;

test('a new library lists this PC; add, update and remove persist', () => {
  const { db, store } = setup();
  assert.deepEqual(store.list(), [{ id: 'local', name: '127.0.0.1:8188', url: 'http://127.0.0.1:8188', headers: {}, enabled: true }]);

  const gpu = store.add({ url: 'https://gpu.lan:8443/comfy/', headers: { Authorization: 'Bearer t0k' } });
  assert.deepEqual(gpu, { id: 'b-0001', name: 'gpu.lan:8443', url: 'https://gpu.lan:8443/comfy', headers: { Authorization: 'Bearer t0k' }, enabled: true });
  assert.equal(store.add({ url: 'http://10.0.0.7:8188', name: '  Attic PC ' }).name, 'Attic PC');

  assert.deepEqual(store.update('b-0001', { enabled: false, name: 'Big GPU' }), { ...gpu, name: 'Big GPU', enabled: false });
  assert.deepEqual(store.update('b-0001', { headers: {} }).headers, {});
  assert.equal(store.update('b-0001', { url: 'https://gpu.lan:9000' }).url, 'https://gpu.lan:9000');

  assert.equal(store.remove('local').url, 'http://127.0.0.1:8188');
  assert.deepEqual(store.list().map((b) => b.id), ['b-0001', 'b-0002']);
  db.close();
});

test('bad input is refused with a code and a message naming the problem', () => {
  const { db, store } = setup();
  assert.throws(() => store.add({ url: 'http://127.0.0.1:8188/' }), code('backend-exists'));
  assert.throws(() => store.add({ url: 'ftp://nas/comfy' }), code('invalid-backend'));
  assert.throws(() => store.add({ url: 'http://x:1', headers: { 'Bad Header': 'v' } }), /header name/);
  assert.throws(() => store.add({ url: 'http://x:1', headers: { 'X-Ok': 'line\r\nInjected: 1' } }), /line breaks/);
  assert.throws(() => store.update('nope', { enabled: false }), code('backend-not-found'));
  assert.throws(() => store.remove('nope'), code('backend-not-found'));
  const other = store.add({ url: 'http://other:8188' });
  assert.throws(() => store.update(other.id, { url: 'http://127.0.0.1:8188' }), /already in the list/);
  assert.equal(store.list().length, 2, 'nothing half-written');
  db.close();
});

test('replaceAll (CLI --backend) keeps known URLs with their settings, drops and adds the rest', () => {
  const { db, store } = setup();
  const kept = store.add({ url: 'http://gpu:8188', name: 'GPU', headers: { 'X-Key': 'k' } });
  store.update(kept.id, { enabled: false });
  const list = store.replaceAll(['http://gpu:8188/', 'http://new:8188', 'http://new:8188']);
  assert.deepEqual(list, [
    { ...kept, enabled: true },
    { id: 'b-0002', name: 'new:8188', url: 'http://new:8188', headers: {}, enabled: true },
  ]);
  assert.throws(() => store.replaceAll(['nope']), code('invalid-backend'));
  assert.equal(store.list().length, 2);
  db.close();
});

test('normalizeBackendUrl trims and drops trailing slashes only', () => {
  assert.equal(normalizeBackendUrl(' http://h:1/a/ '), 'http://h:1/a');
  assert.equal(normalizeBackendUrl('https://h'), 'https://h');
});
