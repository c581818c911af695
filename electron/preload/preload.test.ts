// The preload as the sandbox runs it: bundled like bundle.ts does (only 'electron' external),
// then evaluated with a recording fake of contextBridge / ipcRenderer / webUtils.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { test } from 'node:test';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import type { PreloadApi } from '../shared/client';
import { IPC } from '../shared/wire';

const root = join(import.meta.dirname, '..', '..');

async function loadPreload() {
  const out = await build({
    entryPoints: [join(root, 'electron/preload/preload.ts')],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    external: ['electron'],
    logLevel: 'silent',
  });
  const code = out.outputFiles[0]?.text ?? assert.fail('no bundle');
  const exposed = new Map<string, unknown>();
  const invoked: unknown[][] = [];
  const ipc = new EventEmitter();
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    ipcRenderer: Object.assign(ipc, { invoke: (...args: unknown[]) => (invoked.push(args), Promise.resolve({ ok: true, result: null })) }),
    webUtils: { getPathForFile: (file: { path?: string }) => file.path ?? '' },
  };
  const required: string[] = [];
  // A sandboxed preload may require 'electron' and nothing else.
  const sandboxRequire = (id: string) => {
    required.push(id);
    if (id !== 'electron') throw new Error(`the sandbox has no module "${id}"`);
    return electron;
  };
  runInNewContext(code, { require: sandboxRequire, module: { exports: {} }, exports: {} });
  return { exposed, invoked, ipc, required };
}

void test('exposes exactly PreloadApi as window.heirloom, requiring only electron', async () => {
  const { exposed, required } = await loadPreload();
  assert.deepEqual([...exposed.keys()], ['heirloom']);
  assert.deepEqual(Object.keys(exposed.get('heirloom') as object).sort(), ['invoke', 'pathsForFiles', 'subscribe']);
  assert.deepEqual([...new Set(required)], ['electron']);
});

void test('invoke sends only on the command channel', async () => {
  const { exposed, invoked } = await loadPreload();
  const api = exposed.get('heirloom') as PreloadApi;
  assert.deepEqual(await api.invoke('photos.list', {}), { ok: true, result: null });
  assert.deepEqual(invoked, [[IPC.command, 'photos.list', {}]]);
});

void test('subscribe relays the event channel and its unsubscribe detaches', async () => {
  const { exposed, ipc } = await loadPreload();
  const api = exposed.get('heirloom') as PreloadApi;
  const seen: unknown[] = [];
  const unsubscribe = api.subscribe((event) => seen.push(event));
  const event = { name: 'backend.updated', payload: { url: 'http://127.0.0.1:8188' } };
  ipc.emit(IPC.event, { sender: 'ipc event object, not passed on' }, event);
  unsubscribe();
  ipc.emit(IPC.event, {}, event);
  assert.deepEqual(seen, [event]);
  assert.equal(ipc.listenerCount(IPC.event), 0);
});

void test('pathsForFiles keeps one entry per file, empty for files not on disk', async () => {
  const { exposed } = await loadPreload();
  const api = exposed.get('heirloom') as PreloadApi;
  const files = [{ path: '/photos/奶奶.jpg' }, {}, { path: '/photos/b.png' }] as unknown as File[];
  // Spread: the array comes from the preload's realm.
  assert.deepEqual([...api.pathsForFiles(files)], ['/photos/奶奶.jpg', '', '/photos/b.png']);
});
