// The renderer store over an in-memory client: loading on (re)connect, event merging, imports,
// the compare view's stepping and settings errors.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HeirloomError } from '../../electron/shared/client';
import type { SettingsDto } from '../../electron/shared/contract';
import { createAppStore } from '../../renderer/store/store';
import { createFakeClient } from './fake-client';
import type { FakeClient } from './fake-client';
import { backend, job, photo } from './fixtures';

const settings: SettingsDto = { backendUrl: 'http://127.0.0.1:8188', outputDir: '/out', workflowId: 'ddcolor-portrait', workflowParams: {}, outputFormat: 'png', namingPattern: '{name}.colorized', keepMetadata: true, language: 'system', theme: 'system' };

function answerLoad(client: FakeClient, photos = [photo('a')]) {
  client.handle('photos.list', () => photos);
  client.handle('backends.list', () => [backend()]);
  client.handle('settings.get', () => settings);
  client.handle('workflows.list', () => []);
}

/** Resolves once the store's state satisfies `ready` (state changes are the awaitable). */
function until(store: ReturnType<typeof createAppStore>, ready: (s: ReturnType<typeof store.getState>) => boolean): Promise<void> {
  if (ready(store.getState())) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = store.subscribe((state) => {
      if (!ready(state)) return;
      stop();
      resolve();
    });
  });
}

describe('app store', () => {
  it('loads everything when the channel connects, and again after a reconnect', async () => {
    const client = createFakeClient();
    answerLoad(client);
    const store = createAppStore(client);
    const stop = store.getState().start();
    assert.equal(client.calls.length, 0, 'nothing is fetched before the event channel is up');

    client.setConnection({ kind: 'connected' });
    await until(store, (s) => s.loaded);
    assert.deepEqual(store.getState().order, ['a']);
    assert.equal(store.getState().settings?.outputDir, '/out');

    answerLoad(client, [photo('a'), photo('b', { importedAtMs: 2_000 })]);
    client.setConnection({ kind: 'disconnected', retryInMs: 250 });
    assert.equal(store.getState().connection.kind, 'disconnected');
    client.setConnection({ kind: 'connected' });
    await until(store, (s) => s.order.length === 2);
    assert.deepEqual(store.getState().order, ['b', 'a'], 'newest import first');
    assert.equal(client.calls.filter((c) => c.name === 'photos.list').length, 2);
    stop();
  });

  it('keeps a newer photo from an event over a stale list reply', async () => {
    const client = createFakeClient();
    let answerList: (photos: ReturnType<typeof photo>[]) => void = () => undefined;
    client.handle('photos.list', () => new Promise((resolve) => (answerList = resolve)));
    client.handle('backends.list', () => []);
    client.handle('settings.get', () => settings);
    client.handle('workflows.list', () => []);
    const store = createAppStore(client);
    store.getState().start();
    client.setConnection({ kind: 'connected' });

    client.emit('photo.updated', photo('a', { job: job({ state: 'succeeded', hasResult: true, updatedAtMs: 5_000 }) }));
    answerList([photo('a', { job: job({ state: 'running', stage: 'colorizing', progress: 0.4, updatedAtMs: 4_000 }) })]);
    await until(store, (s) => s.loaded);
    assert.equal(store.getState().photos['a']?.job?.state, 'succeeded');
  });

  it('applies backend events, newest check wins', () => {
    const client = createFakeClient();
    const store = createAppStore(client);
    store.getState().start();
    client.emit('backend.updated', backend({ state: 'offline', checkedAtMs: 2_000 }));
    client.emit('backend.updated', backend({ state: 'online', checkedAtMs: 1_000 }));
    assert.equal(store.getState().backends[0]?.state, 'offline');
    client.emit('backend.updated', backend({ state: 'online', checkedAtMs: 3_000 }));
    assert.equal(store.getState().backends[0]?.state, 'online');
  });

  it('adds imported photos and accumulates rejected files until dismissed', async () => {
    const client = createFakeClient();
    const store = createAppStore(client);
    client.importAnswer = async (files) => ({
      photos: [photo(files[0]?.name ?? '?')],
      rejected: [{ name: 'notes.jpg', code: 'not-an-image', reason: 'not an image' }],
      duplicates: 1,
    });
    const importing = store.getState().importFiles([new File(['x'], 'p1')], [{ name: 'folder/x.jpg', code: 'unreadable', reason: 'gone' }]);
    assert.equal(store.getState().importing, 1);
    await importing;
    assert.equal(store.getState().importing, 0);
    assert.deepEqual(store.getState().order, ['p1']);
    assert.deepEqual(store.getState().rejected.map((r) => r.name), ['notes.jpg', 'folder/x.jpg']);
    assert.equal(store.getState().duplicates, 1);
    store.getState().dismissRejected();
    assert.deepEqual(store.getState().rejected, []);
    assert.equal(store.getState().duplicates, 0);
  });

  it('shows a failed import or retry as a notice instead of throwing', async () => {
    const client = createFakeClient();
    const store = createAppStore(client);
    client.importAnswer = () => Promise.reject(new HeirloomError('command-failed', 'database is locked'));
    await store.getState().importFiles([new File(['x'], 'x.jpg')]);
    assert.equal(store.getState().notice, 'Something went wrong: database is locked');
    assert.equal(store.getState().importing, 0);
    await store.getState().retry(['x']);
    assert.equal(store.getState().notice, 'Something went wrong: no fake answer for jobs.retry');
  });

  it('steps the compare view through photos that have a result, in grid order', () => {
    const client = createFakeClient();
    const store = createAppStore(client);
    store.getState().start();
    const done = (id: string, importedAtMs: number) => photo(id, { importedAtMs, job: job({ state: 'succeeded', hasResult: true }) });
    client.emit('photo.updated', done('old', 1_000));
    client.emit('photo.updated', photo('queued', { importedAtMs: 2_000 }));
    client.emit('photo.updated', done('new', 3_000));
    store.getState().openCompare('new');
    store.getState().stepCompare(-1);
    assert.deepEqual(store.getState().view, { kind: 'compare', photoId: 'new' }, 'nothing before the first');
    store.getState().stepCompare(1);
    assert.deepEqual(store.getState().view, { kind: 'compare', photoId: 'old' }, 'skips the photo without a result');
    store.getState().setCompareMode('side-by-side');
    store.getState().closeCompare();
    store.getState().openCompare('new');
    assert.equal(store.getState().compareMode, 'side-by-side', 'the mode is kept across openings');
  });

  it('saves settings and refreshes the backends, or returns the host error', async () => {
    const client = createFakeClient();
    const store = createAppStore(client);
    client.handle('settings.update', (args) => ({ ...settings, ...(args as Partial<SettingsDto>) }));
    client.handle('backends.list', () => [backend({ url: 'http://gpu-pc:8188', state: 'offline' })]);
    const saved = await store.getState().saveSettings({ backendUrl: 'http://gpu-pc:8188' });
    assert.equal(saved.ok, true);
    assert.equal(store.getState().settings?.backendUrl, 'http://gpu-pc:8188');
    assert.deepEqual(store.getState().backends.map((b) => b.url), ['http://gpu-pc:8188']);

    client.handle('settings.update', () => Promise.reject(new HeirloomError('invalid-arguments', 'outputDir: Too small')));
    const refused = await store.getState().saveSettings({ outputDir: '' });
    assert.equal(refused.ok, false);
    if (!refused.ok) assert.equal(refused.error.code, 'invalid-arguments');
  });
});
