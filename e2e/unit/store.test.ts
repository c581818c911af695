// The renderer store over an in-memory client: loading on (re)connect, event merging and
// batching, imports, filters and albums, selection, queue actions, the compare view's stepping
// and settings errors.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HeirloomError } from '../../electron/shared/client';
import type { PhotoDto, PhotoPageDto, SettingsDto } from '../../electron/shared/contract';
import { comparePhotos } from '../../renderer/store/photos';
import { createAppStore, FIRST_PAGE, NEXT_PAGE } from '../../renderer/store/store';
import { createFakeClient } from './fake-client';
import type { FakeClient } from './fake-client';
import { backend, importResult, job, photo } from './fixtures';

const settings: SettingsDto = {
  outputDir: '/out',
  workflowId: 'ddcolor-portrait',
  workflowParams: { size: 768 },
  outputFormat: 'png',
  namingPattern: '{name}.colorized',
  keepMetadata: true,
  language: 'system',
  theme: 'system',
};

/** photos.page over a list, as the core pages it: in the grid's order, `after` the id of the last photo of the previous page. */
function pageOf(photos: readonly PhotoDto[], args: unknown): PhotoPageDto {
  const { after, limit } = args as { after?: string; limit: number };
  const sorted = [...photos].sort(comparePhotos);
  const start = after === undefined ? 0 : sorted.findIndex((p) => p.id === after) + 1;
  const page = sorted.slice(start, start + limit);
  return { photos: page, next: page.length === limit ? (page.at(-1)?.id ?? null) : null, total: photos.length };
}

function answerLoad(client: FakeClient, photos = [photo('a')]) {
  client.handle('photos.page', (args) => pageOf(photos, args));
  client.handle('backends.list', () => [backend()]);
  client.handle('settings.get', () => settings);
  client.handle('workflows.list', () => []);
  client.handle('albums.list', () => [{ id: 'al1', name: 'Grandma', rootPath: '/scans/Grandma', paused: false }]);
  client.handle('queue.status', () => ({ paused: false, pausedAlbumIds: [] }));
}

type Store = ReturnType<typeof createAppStore>;

/** Resolves once the store's state satisfies `ready` (state changes are the awaitable). */
function until(store: Store, ready: (s: ReturnType<Store['getState']>) => boolean): Promise<void> {
  if (ready(store.getState())) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = store.subscribe((state) => {
      if (!ready(state)) return;
      stop();
      resolve();
    });
  });
}

const done = (id: string, importedAtMs: number, albumId: string | null = null) => photo(id, { importedAtMs, albumId, job: job({ state: 'succeeded', hasResult: true }) });

describe('app store: loading and events', () => {
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
    assert.deepEqual(store.getState().albums.map((a) => a.name), ['Grandma']);
    assert.deepEqual(store.getState().index.visible, ['a']);

    answerLoad(client, [photo('a'), photo('b', { importedAtMs: 2_000 })]);
    client.setConnection({ kind: 'disconnected', retryInMs: 250 });
    assert.equal(store.getState().connection.kind, 'disconnected');
    client.setConnection({ kind: 'connected' });
    await until(store, (s) => s.order.length === 2);
    assert.deepEqual(store.getState().order, ['b', 'a'], 'newest import first');
    assert.equal(client.calls.filter((c) => c.name === 'photos.page').length, 2, 'one page each time');
    stop();
  });

  it('loads the broker link with the rest, and follows broker.updated', async () => {
    const client = createFakeClient();
    answerLoad(client);
    client.handle('broker.status', () => ({ state: 'connecting', message: null, inFlight: 0 }));
    const store = createAppStore(client);
    const stop = store.getState().start();
    assert.equal(store.getState().broker.state, 'disabled', 'off until the core says otherwise');
    client.setConnection({ kind: 'connected' });
    await until(store, (s) => s.loaded);
    assert.equal(store.getState().broker.state, 'connecting');
    client.emit('broker.updated', { state: 'error', message: 'connect ECONNREFUSED', inFlight: 2 });
    assert.deepEqual(store.getState().broker, { state: 'error', message: 'connect ECONNREFUSED', inFlight: 2 });
    stop();
  });

  it('keeps a newer photo from an event over a stale list reply', async () => {
    const client = createFakeClient();
    let answerList: (photos: ReturnType<typeof photo>[]) => void = () => undefined;
    answerLoad(client);
    client.handle('photos.page', () => new Promise((resolve) => (answerList = (photos) => resolve({ photos, next: null, total: photos.length }))));
    const store = createAppStore(client);
    store.getState().start();
    client.setConnection({ kind: 'connected' });

    client.emit('photo.updated', photo('a', { job: job({ state: 'succeeded', hasResult: true, updatedAtMs: 5_000 }) }));
    answerList([photo('a', { job: job({ state: 'running', stage: 'colorizing', progress: 0.4, updatedAtMs: 4_000 }) })]);
    await until(store, (s) => s.loaded);
    assert.equal(store.getState().photos['a']?.job?.state, 'succeeded');
  });

  it('shows the first page at once and loads the rest in the background, page after page', async () => {
    const client = createFakeClient();
    const many = Array.from({ length: FIRST_PAGE + NEXT_PAGE + 3 }, (_, i) => photo(`p${i}`, { importedAtMs: i, albumId: 'al1', job: job({ state: i % 2 ? 'succeeded' : 'queued', hasResult: i % 2 === 1 }) }));
    answerLoad(client, many);
    // The pages after the first wait until the test lets each one through.
    const held: (() => void)[] = [];
    client.handle('photos.page', (args) => {
      const page = pageOf(many, args);
      if ((args as { after?: string }).after === undefined) return page;
      return new Promise((resolve) => held.push(() => resolve(page)));
    });
    const store = createAppStore(client);
    store.getState().start();
    client.setConnection({ kind: 'connected' });
    await until(store, (s) => s.loaded);
    assert.equal(store.getState().order.length, FIRST_PAGE);
    assert.equal(store.getState().complete, false);
    assert.equal(store.getState().order[0], `p${many.length - 1}`, 'the newest photos first');
    assert.deepEqual(client.calls.filter((c) => c.name === 'photos.page').map((c) => c.args), [{ limit: FIRST_PAGE }, { after: store.getState().order.at(-1), limit: NEXT_PAGE }]);

    held.shift()?.();
    await until(store, (s) => s.order.length === FIRST_PAGE + NEXT_PAGE);
    assert.equal(store.getState().complete, false);
    held.shift()?.();
    await until(store, (s) => s.complete);
    const state = store.getState();
    assert.deepEqual(state.order, [...many].sort(comparePhotos).map((p) => p.id), 'every photo once, in the grid’s order');
    assert.equal(state.index.counts.all, many.length);
    assert.equal(state.index.counts.done, Math.floor(many.length / 2));
    assert.equal(state.index.byAlbum['al1']?.total, many.length);
  });

  it('drops the pages of a load that a reconnect replaced', async () => {
    const client = createFakeClient();
    const many = Array.from({ length: FIRST_PAGE + 5 }, (_, i) => photo(`p${i}`, { importedAtMs: i }));
    answerLoad(client, many);
    let release: () => void = () => undefined;
    let stale = true;
    client.handle('photos.page', (args) => {
      const page = pageOf(many, args);
      if ((args as { after?: string }).after === undefined || !stale) return page;
      // The old load's second page: a stale copy of the photos, answered after the reconnect.
      const old = { ...page, photos: page.photos.map((p) => ({ ...p, name: 'stale' })) };
      return new Promise((resolve) => (release = () => resolve(old)));
    });
    const store = createAppStore(client);
    store.getState().start();
    client.setConnection({ kind: 'connected' });
    await until(store, (s) => s.loaded);
    stale = false;
    client.setConnection({ kind: 'disconnected', retryInMs: 100 });
    client.setConnection({ kind: 'connected' });
    await until(store, (s) => s.complete);
    release();
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(Object.values(store.getState().photos).filter((p) => p.name === 'stale').length, 0);
    assert.equal(store.getState().order.length, many.length);
  });

  it('applies photo events in batches: one state change per scheduled flush', () => {
    const client = createFakeClient();
    const flushes: (() => void)[] = [];
    const store = createAppStore(client, { schedule: (flush) => flushes.push(flush) });
    store.getState().start();
    let changes = 0;
    store.subscribe(() => changes++);
    for (let i = 0; i < 50; i++) client.emit('photo.updated', photo(`p${i}`, { importedAtMs: i }));
    assert.equal(flushes.length, 1, 'one flush scheduled for the whole burst');
    assert.equal(store.getState().order.length, 0, 'nothing applied before the flush');
    flushes[0]?.();
    assert.equal(changes, 1);
    assert.equal(store.getState().order.length, 50);
    assert.equal(store.getState().order[0], 'p49');
    assert.equal(store.getState().index.counts.queued, 50);
  });

  it('reloads the albums when a photo of an unknown album arrives', async () => {
    const client = createFakeClient();
    answerLoad(client);
    const store = createAppStore(client);
    store.getState().start();
    client.setConnection({ kind: 'connected' });
    await until(store, (s) => s.loaded);
    client.handle('albums.list', () => [
      { id: 'al1', name: 'Grandma', rootPath: '/scans/Grandma', paused: false },
      { id: 'al2', name: 'Wedding', rootPath: '/scans/Wedding', paused: false },
    ]);
    client.emit('photo.updated', photo('w1', { albumId: 'al2' }));
    await until(store, (s) => s.albums.length === 2);
  });

  it('applies backend events (newest check wins), queue status and the menu’s open-settings', () => {
    const client = createFakeClient();
    const store = createAppStore(client);
    store.getState().start();
    client.emit('backend.updated', backend({ state: 'offline', checkedAtMs: 2_000 }));
    client.emit('backend.updated', backend({ state: 'online', checkedAtMs: 1_000 }));
    assert.equal(store.getState().backends[0]?.state, 'offline');
    client.emit('backend.updated', backend({ state: 'online', checkedAtMs: 3_000 }));
    assert.equal(store.getState().backends[0]?.state, 'online');
    client.emit('queue.updated', { paused: true, pausedAlbumIds: ['al1'] });
    assert.equal(store.getState().queue.paused, true);
    client.emit('ui.openSettings', {});
    assert.equal(store.getState().settingsOpen, true);
  });

  it('follows running imports from their progress events, and stops one on request', async () => {
    const client = createFakeClient();
    const store = createAppStore(client);
    store.getState().start();
    const progress = { importId: 'i1', phase: 'running' as const, found: 10, imported: 4, duplicates: 0, unchanged: 0, skipped: 1, failed: 0, current: 'a/b.jpg' };
    client.emit('import.progress', progress);
    assert.equal(store.getState().imports['i1']?.imported, 4);
    client.handle('photos.cancelImport', () => ({ canceled: true }));
    await store.getState().cancelImport('i1');
    assert.deepEqual(client.calls.at(-1), { name: 'photos.cancelImport', args: { importId: 'i1' } });
    client.emit('import.progress', { ...progress, phase: 'canceled' });
    assert.deepEqual(store.getState().imports, {});
  });
});

describe('app store: imports', () => {
  it('adds imported photos and accumulates rejected and skipped files until dismissed', async () => {
    const client = createFakeClient();
    const store = createAppStore(client);
    client.importAnswer = async (files) =>
      importResult({
        photos: [photo(files[0]?.name ?? '?')],
        rejected: [{ name: 'notes.jpg', code: 'not-an-image', reason: 'not an image' }],
        skipped: [{ name: 'Thumbs.db', code: 'junk', reason: 'System file' }],
        duplicates: 1,
      });
    const importing = store.getState().importFiles([new File(['x'], 'p1')], [{ name: 'folder/x.jpg', code: 'unreadable', reason: 'gone' }]);
    assert.equal(store.getState().importing, 1);
    await importing;
    assert.equal(store.getState().importing, 0);
    assert.deepEqual(store.getState().order, ['p1']);
    assert.deepEqual(store.getState().rejected.map((r) => r.name), ['notes.jpg', 'folder/x.jpg']);
    assert.deepEqual(store.getState().skipped.map((r) => r.name), ['Thumbs.db']);
    assert.equal(store.getState().duplicates, 1);
    store.getState().dismissRejected();
    assert.deepEqual(store.getState().rejected, []);
    assert.deepEqual(store.getState().skipped, []);
    assert.equal(store.getState().duplicates, 0);
  });

  it('imports folders as albums and loads the new album', async () => {
    const client = createFakeClient();
    answerLoad(client);
    const store = createAppStore(client);
    client.folderAnswer = async (folders) => importResult({ photos: [photo('g1', { albumId: 'al1', relPath: `${folders[0]?.name}/1962/g1.jpg` })] });
    await store.getState().importFolders([{ name: 'Grandma', handle: null, files: async () => ({ files: [], unreadable: [] }) }]);
    assert.deepEqual(store.getState().albums.map((a) => a.id), ['al1']);
    assert.equal(store.getState().index.byAlbum['al1']?.total, 1);
  });

  it('shows a failed import or retry as a notice instead of throwing', async () => {
    const client = createFakeClient();
    const store = createAppStore(client);
    client.importAnswer = () => Promise.reject(new HeirloomError('command-failed', 'database is locked'));
    await store.getState().importFiles([new File(['x'], 'x.jpg')]);
    assert.deepEqual(store.getState().notice, { tone: 'error', message: { key: 'error.generic', vars: { message: 'database is locked' } } });
    assert.equal(store.getState().importing, 0);
    await store.getState().retry(['x']);
    assert.deepEqual(store.getState().notice?.message.vars, { message: 'no fake answer for jobs.retry' });
  });
});

describe('app store: library, selection and queue', () => {
  function library() {
    const client = createFakeClient();
    client.handle('albums.list', () => [{ id: 'al1', name: 'Grandma', rootPath: '/scans/Grandma', paused: false }]);
    const store = createAppStore(client);
    store.getState().start();
    client.emit('photo.updated', done('d1', 5, 'al1'));
    client.emit('photo.updated', photo('q1', { importedAtMs: 4, albumId: 'al1' }));
    client.emit('photo.updated', photo('f1', { importedAtMs: 3, job: job({ state: 'failed', error: { code: 'node-missing', message: 'no node' } }) }));
    client.emit('photo.updated', photo('c1', { importedAtMs: 2, isColor: true, job: null }));
    client.emit('photo.updated', done('d2', 1));
    return { client, store };
  }

  it('filters by state and by album, with counts per filter', () => {
    const { store } = library();
    assert.deepEqual(store.getState().index.counts, { all: 5, queued: 1, running: 0, done: 2, failed: 1, color: 1 });
    store.getState().setFilter('done');
    assert.deepEqual(store.getState().index.visible, ['d1', 'd2']);
    store.getState().setScope({ kind: 'album', albumId: 'al1' });
    assert.deepEqual(store.getState().index.visible, ['d1']);
    assert.deepEqual(store.getState().index.counts, { all: 2, queued: 1, running: 0, done: 1, failed: 0, color: 0 });
    store.getState().setScope({ kind: 'loose' });
    store.getState().setFilter('color');
    assert.deepEqual(store.getState().index.visible, ['c1']);
  });

  it('selects with toggle and Shift ranges, and drops what a new filter hides', () => {
    const { store } = library();
    const { select } = store.getState();
    select('q1', 'toggle');
    select('c1', 'range');
    assert.deepEqual([...store.getState().selection.ids], ['q1', 'f1', 'c1']);
    store.getState().selectAll();
    assert.equal(store.getState().selection.ids.size, 5);
    store.getState().setFilter('done');
    assert.equal(store.getState().selection.ids.size, 0, 'a new filter starts a new selection');
    select('d2', 'range');
    assert.deepEqual([...store.getState().selection.ids], ['d2'], 'a Shift-pick with no anchor selects just that photo');
  });

  it('sends retry, cancel, priority, pause and resume to the core', async () => {
    const { client, store } = library();
    client.handle('jobs.retry', () => ({ retried: 1 }));
    client.handle('jobs.cancel', () => ({ canceled: 1 }));
    client.handle('jobs.setPriority', () => ({ updated: 2 }));
    client.handle('queue.pause', (args) => ({ paused: !(args as { albumId?: string }).albumId, pausedAlbumIds: (args as { albumId?: string }).albumId ? ['al1'] : [] }));
    client.handle('queue.resume', () => ({ paused: false, pausedAlbumIds: [] }));
    await store.getState().retry(['f1']);
    await store.getState().retryAllFailed();
    await store.getState().cancel(['q1']);
    await store.getState().setPriority(['q1', 'f1'], 50);
    assert.deepEqual(store.getState().notice?.message, { key: 'queue.prioritized', vars: { count: 2 } });
    await store.getState().pause('al1');
    assert.deepEqual(store.getState().queue.pausedAlbumIds, ['al1']);
    assert.equal(store.getState().index.byAlbum['al1']?.etaMs, null, 'a paused album promises no time');
    await store.getState().resume();
    assert.deepEqual(
      client.calls.filter((c) => c.name !== 'albums.list').map((c) => [c.name, c.args]),
      [
        ['jobs.retry', { photoIds: ['f1'] }],
        ['jobs.retry', {}],
        ['jobs.cancel', { photoIds: ['q1'] }],
        ['jobs.setPriority', { photoIds: ['q1', 'f1'], priority: 50 }],
        ['queue.pause', { albumId: 'al1' }],
        ['queue.resume', {}],
      ],
    );
  });

  it('colorizes again with the chosen workflow, and colour photos with the default one', async () => {
    const { client, store } = library();
    client.handle('settings.get', () => settings);
    answerLoad(client);
    client.setConnection({ kind: 'connected' });
    await until(store, (s) => s.settings !== null);
    client.handle('jobs.rerun', () => ({ queued: 1, unchanged: 0 }));
    assert.equal(await store.getState().rerun(['d1'], 'ddcolor-architecture', { size: 1024 }), true);
    assert.deepEqual(store.getState().notice?.message, { key: 'rerun.queued', vars: { count: 1 } });
    await store.getState().colorize(['c1']);
    assert.deepEqual(client.calls.filter((c) => c.name === 'jobs.rerun').map((c) => c.args), [
      { photoIds: ['d1'], workflowId: 'ddcolor-architecture', params: { size: 1024 } },
      { photoIds: ['c1'], workflowId: 'ddcolor-portrait', params: { size: 768 } },
    ]);
    client.handle('jobs.rerun', () => Promise.reject(new HeirloomError('invalid-parameters', 'size must be a multiple of 32')));
    assert.equal(await store.getState().rerun(['d1'], 'ddcolor-portrait', { size: 100 }), false);
    assert.equal(store.getState().notice?.tone, 'error');
  });

  it('steps the compare view through the shown photos that have a result, and focuses the last one', () => {
    const { store } = library();
    store.getState().openCompare('d1');
    store.getState().stepCompare(-1);
    assert.deepEqual(store.getState().view, { kind: 'compare', photoId: 'd1' }, 'nothing before the first');
    store.getState().stepCompare(1);
    assert.deepEqual(store.getState().view, { kind: 'compare', photoId: 'd2' }, 'skips the photos without a result');
    store.getState().setCompareMode('side-by-side');
    store.getState().closeCompare();
    assert.equal(store.getState().focusedId, 'd2', 'the grid focus follows the compare view');
    store.getState().openCompare('d1');
    assert.equal(store.getState().compareMode, 'side-by-side', 'the mode is kept across openings');
  });
});

describe('app store: results and review', () => {
  const result = (jobId: string, size: number, review: 'accepted' | 'rejected' | null = null) => ({
    jobId,
    workflowId: 'ddcolor-portrait',
    params: { size },
    outputPath: `/out/${jobId}.png`,
    createdAtMs: size,
    finishedAtMs: size + 1,
    review,
  });

  it('loads a photo’s results, and keeps the core’s answer to a verdict', async () => {
    const client = createFakeClient();
    const store = createAppStore(client);
    client.handle('photos.results', () => ({ photoId: 'd1', favoriteJobId: null, results: [result('j512', 512), result('j1024', 1024)] }));
    await store.getState().loadResults('d1');
    assert.deepEqual(store.getState().results['d1']?.results.map((r) => r.jobId), ['j512', 'j1024']);

    client.handle('photos.review', (args) => {
      assert.deepEqual(args, { photoId: 'd1', jobId: 'j512', review: 'accepted' });
      return { photoId: 'd1', favoriteJobId: 'j512', results: [result('j512', 512, 'accepted'), result('j1024', 1024)] };
    });
    assert.equal(await store.getState().review('d1', 'j512', 'accepted'), true);
    assert.equal(store.getState().results['d1']?.favoriteJobId, 'j512');
    assert.equal(store.getState().resultUrl('d1', 'j512'), 'media:d1/result/j512');
  });

  it('follows verdicts given in another window, and tells a refused one', async () => {
    const client = createFakeClient();
    const store = createAppStore(client);
    store.getState().start();
    client.emit('photo.reviewed', { photoId: 'd2', favoriteJobId: null, results: [result('j1', 512, 'rejected')] });
    assert.equal(store.getState().results['d2']?.results[0]?.review, 'rejected');
    client.handle('photos.review', () => Promise.reject(new HeirloomError('not-found', 'Photo d2 has no finished result j9.')));
    assert.equal(await store.getState().review('d2', 'j9', 'accepted'), false);
    assert.deepEqual(store.getState().notice?.message.vars, { message: 'Photo d2 has no finished result j9.' });
    assert.equal(store.getState().results['d2']?.results[0]?.review, 'rejected', 'unchanged');
  });
});

describe('app store: settings', () => {
  it('saves settings and refreshes the backends, or returns the host error', async () => {
    const client = createFakeClient();
    const store = createAppStore(client);
    client.handle('settings.update', (args) => ({ ...settings, ...(args as Partial<SettingsDto>) }));
    client.handle('backends.list', () => [backend({ url: 'http://gpu-pc:8188', state: 'offline' })]);
    const saved = await store.getState().saveSettings({ outputDir: '/elsewhere' });
    assert.equal(saved.ok, true);
    assert.equal(store.getState().settings?.outputDir, '/elsewhere');
    assert.deepEqual(store.getState().backends.map((b) => b.url), ['http://gpu-pc:8188']);

    client.handle('settings.update', () => Promise.reject(new HeirloomError('invalid-arguments', 'outputDir: Too small')));
    const refused = await store.getState().applySettings({ outputDir: '' });
    assert.equal(refused.ok, false);
    if (!refused.ok) assert.equal(refused.error.code, 'invalid-arguments');
  });
});
