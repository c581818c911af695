// main.ts as Electron would run it, minus Electron: the real bundle (esbuild, as bundle.ts
// does) and the real core, with `electron` replaced by a recording fake. The Playwright spec
// (e2e/electron) covers the same against the real binary where one is installed.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { build } from 'esbuild';
import sharp from 'sharp';
import type { CommandEnvelope } from '../shared/contract';
import { IPC } from '../shared/wire';

const root = join(import.meta.dirname, '..', '..');
const require = createRequire(import.meta.url);
const Module = require('node:module') as { _resolveFilename: (request: string, ...rest: unknown[]) => string };

type Listener = (...args: unknown[]) => unknown;
interface FakeContents extends EventEmitter {
  id: number;
  sent: Array<[string, unknown]>;
  openHandler?: (details: { url: string }) => { action: string };
  send(channel: string, payload: unknown): void;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void;
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

function createFakeElectron(paths: { pictures: string; appPath: string }) {
  const ready = deferred<void>();
  const windowCreated = deferred<FakeWindow>();
  const quitCalled = deferred<void>();
  const firstSend = deferred<void>();
  const calls: Record<string, unknown[][]> = {};
  const record = (name: string) => (...args: unknown[]) => {
    (calls[name] ??= []).push(args);
  };
  const userPaths = new Map<string, string>([['pictures', paths.pictures]]);

  const app = Object.assign(new EventEmitter(), {
    isPackaged: true,
    name: 'Heirloom',
    whenReady: () => ready.promise,
    setPath: (name: string, value: string) => userPaths.set(name, value),
    getPath: (name: string) => userPaths.get(name) ?? assert.fail(`getPath(${name}) not faked`),
    getAppPath: () => paths.appPath,
    getVersion: () => '0.1.0-test',
    requestSingleInstanceLock: () => true,
    enableSandbox: record('enableSandbox'),
    setAppUserModelId: record('setAppUserModelId'),
    exit: record('exit'),
    quit: () => quitCalled.resolve(),
  });

  class FakeWindow extends EventEmitter {
    static nextId = 1;
    webContents: FakeContents;
    focused = 0;
    constructor(readonly options: { webPreferences: Record<string, unknown> }) {
      super();
      const contents = Object.assign(new EventEmitter(), {
        id: FakeWindow.nextId++,
        sent: [] as Array<[string, unknown]>,
        send(channel: string, payload: unknown) {
          contents.sent.push([channel, payload]);
          firstSend.resolve();
        },
        setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
          contents.openHandler = handler;
        },
      }) as FakeContents;
      this.webContents = contents;
      app.emit('web-contents-created', {}, contents);
      windowCreated.resolve(this);
    }
    loadURL = (url: string) => {
      record('loadURL')(url);
      return Promise.resolve();
    };
    isDestroyed = () => false;
    isMinimized = () => false;
    isMaximized = () => false;
    getNormalBounds = () => ({ x: 10, y: 20, width: 1280, height: 840 });
    setProgressBar = (progress: number, options: { mode: string }) => record('setProgressBar')(progress, options.mode);
    maximize = record('maximize');
    restore = record('restore');
    show = record('show');
    focus = () => {
      this.focused += 1;
    };
  }

  const handlers = new Map<string, Listener>();
  const fake = {
    app,
    BrowserWindow: FakeWindow,
    protocol: {
      registerSchemesAsPrivileged: record('registerSchemesAsPrivileged'),
      handle: (scheme: string, handler: Listener) => handlers.set(`protocol:${scheme}`, handler),
    },
    ipcMain: { handle: (channel: string, handler: Listener) => handlers.set(`ipc:${channel}`, handler) },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (handler: Listener) => handlers.set('permission-request', handler),
        setPermissionCheckHandler: (handler: Listener) => handlers.set('permission-check', handler),
      },
    },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }] },
    Menu: { buildFromTemplate: (template: unknown) => template, setApplicationMenu: record('setApplicationMenu') },
    dialog: { showErrorBox: record('showErrorBox'), showOpenDialog: record('showOpenDialog'), showMessageBox: record('showMessageBox') },
    shell: {
      openExternal: (url: string) => (record('openExternal')(url), Promise.resolve()),
      showItemInFolder: record('showItemInFolder'),
      openPath: (path: string) => (record('openPath')(path), Promise.resolve('')),
    },
    powerSaveBlocker: { start: (type: string) => (record('powerSaveBlocker.start')(type), 1), stop: record('powerSaveBlocker.stop') },
  };
  return { fake, ready, windowCreated, quitCalled, firstSend, calls, handlers };
}

void describe('main process wiring (bundled main.ts, fake electron, real core)', () => {
  let dir: string;
  let world: ReturnType<typeof createFakeElectron>;
  let win: InstanceType<ReturnType<typeof createFakeElectron>['fake']['BrowserWindow']>;
  const originalResolve = Module._resolveFilename;
  const saved = { resourcesPath: (process as { resourcesPath?: string }).resourcesPath, dataDir: process.env.HEIRLOOM_DATA_DIR };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'heirloom-main-'));
    const resources = join(dir, 'resources');
    cpSync(join(root, 'workflows'), join(resources, 'workflows'), { recursive: true });
    mkdirSync(join(dir, 'pictures'));
    world = createFakeElectron({ pictures: join(dir, 'pictures'), appPath: join(dir, 'app') });
    // Inside the repo so the bundle's external packages resolve from its node_modules.
    const outfile = join(root, 'node_modules', '.cache', 'heirloom-tests', `main-${process.pid}.cjs`);
    await build({ entryPoints: [join(root, 'electron/main/main.ts')], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node20', packages: 'external', logLevel: 'warning' });
    const fakeId = join(dir, 'electron-fake.cjs');
    require.cache[fakeId] = { id: fakeId, filename: fakeId, loaded: true, exports: world.fake } as NodeJS.Module;
    Module._resolveFilename = function (request: string, ...rest: unknown[]) {
      return request === 'electron' ? fakeId : originalResolve.call(this, request, ...rest);
    };
    Object.assign(process, { resourcesPath: resources });
    process.env.HEIRLOOM_DATA_DIR = join(dir, 'data');
    require(outfile);
    rmSync(outfile);
  });

  after(() => {
    Module._resolveFilename = originalResolve;
    Object.assign(process, { resourcesPath: saved.resourcesPath });
    if (saved.dataDir === undefined) delete process.env.HEIRLOOM_DATA_DIR;
    else process.env.HEIRLOOM_DATA_DIR = saved.dataDir;
    rmSync(dir, { recursive: true, force: true });
  });

  void test('before ready: privileged heirloom scheme, sandbox for all renderers, HEIRLOOM_DATA_DIR as userData', () => {
    assert.deepEqual(world.calls.registerSchemesAsPrivileged, [[[{ scheme: 'heirloom', privileges: { standard: true, secure: true, supportFetchAPI: true } }]]]);
    assert.equal(world.calls.enableSandbox?.length, 1);
    assert.equal(world.fake.app.getPath('userData'), join(dir, 'data'));
    assert.equal(world.windowCreated.promise instanceof Promise, true);
  });

  void test('after ready: one hardened window loading heirloom://app', async () => {
    world.ready.resolve();
    win = await world.windowCreated.promise;
    assert.deepEqual(
      { ...win.options.webPreferences },
      {
        preload: join(dir, 'app', 'dist', 'preload', 'preload.cjs'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        devTools: false,
        spellcheck: false,
        disableBlinkFeatures: 'Auxclick',
      },
    );
    assert.deepEqual(world.calls.loadURL, [['heirloom://app/index.html']]);
  });

  void test('guards: foreign navigation and webviews prevented, only https popups go to the OS browser', () => {
    const contents = win.webContents;
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      let prevented = 0;
      contents.emit(event, { url: 'https://evil.example/', preventDefault: () => (prevented += 1) });
      contents.emit(event, { url: 'heirloom://app/index.html#x', preventDefault: () => (prevented += 10) });
      assert.equal(prevented, 1, event);
    }
    let webviewPrevented = false;
    contents.emit('will-attach-webview', { preventDefault: () => (webviewPrevented = true) }, {}, {});
    assert.ok(webviewPrevented);
    assert.deepEqual(contents.openHandler?.({ url: 'https://github.com/kijai/ComfyUI-DDColor' }), { action: 'deny' });
    assert.deepEqual(contents.openHandler?.({ url: 'http://example.com/' }), { action: 'deny' });
    assert.deepEqual(world.calls.openExternal, [['https://github.com/kijai/ComfyUI-DDColor']]);
  });

  void test('permissions: notifications for our pages only', () => {
    const decide = (permission: string, url: string) => {
      let granted: boolean | undefined;
      world.handlers.get('permission-request')?.({}, permission, (g: boolean) => (granted = g), { requestingUrl: url });
      return granted;
    };
    assert.equal(decide('notifications', 'heirloom://app/index.html'), true);
    assert.equal(decide('media', 'heirloom://app/index.html'), false);
    assert.equal(decide('notifications', 'https://evil.example/'), false);
    assert.equal(world.handlers.get('permission-check')?.({}, 'geolocation', 'heirloom://app'), false);
  });

  void test('IPC: commands from our window reach the core; others are refused', async () => {
    const invoke = world.handlers.get(`ipc:${IPC.command}`);
    assert.ok(invoke);
    const fromOurs = { sender: { id: win.webContents.id }, senderFrame: { url: 'heirloom://app/index.html', parent: null } };
    assert.deepEqual(await invoke(fromOurs, 'app.info', {}), { ok: true, result: { version: '0.1.0-test', dataDir: join(dir, 'data') } });
    const fromElsewhere = { sender: { id: win.webContents.id + 100 }, senderFrame: fromOurs.senderFrame };
    assert.equal(((await invoke(fromElsewhere, 'app.info', {})) as CommandEnvelope).ok, false);
    const fromIframe = { sender: fromOurs.sender, senderFrame: { url: 'heirloom://app/index.html', parent: {} } };
    assert.equal(((await invoke(fromIframe, 'app.info', {})) as CommandEnvelope).ok, false);
  });

  void test('events: core changes are relayed to the window on IPC.event', async () => {
    const photo = join(dir, '奶奶的照片.jpg');
    await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 90, g: 90, b: 90 } } }).jpeg().toFile(photo);
    const invoke = world.handlers.get(`ipc:${IPC.command}`);
    const fromOurs = { sender: { id: win.webContents.id }, senderFrame: { url: 'heirloom://app/index.html', parent: null } };
    const imported = (await invoke?.(fromOurs, 'photos.importPaths', { paths: [photo] })) as CommandEnvelope;
    assert.equal(imported.ok, true, JSON.stringify(imported));
    await world.firstSend.promise;
    assert.ok(win.webContents.sent.every(([channel]) => channel === IPC.event));
    assert.ok(win.webContents.sent.some(([, e]) => (e as { name: string }).name === 'photo.updated' || (e as { name: string }).name === 'backend.updated'));
  });

  void test('desktop: the queued photo shows on the taskbar; "show in folder" reveals the original', async () => {
    // Nothing runs (no ComfyUI here): the bar shows the run at 0 %, and the computer may sleep.
    assert.deepEqual(world.calls.setProgressBar?.at(-1), [0, 'normal']);
    assert.equal(world.calls['powerSaveBlocker.start'], undefined);
    const invoke = world.handlers.get(`ipc:${IPC.command}`);
    const fromOurs = { sender: { id: win.webContents.id }, senderFrame: { url: 'heirloom://app/index.html', parent: null } };
    const list = (await invoke?.(fromOurs, 'photos.list', {})) as { result: Array<{ id: string }> };
    const id = list.result[0]?.id ?? assert.fail('the imported photo is listed');
    assert.deepEqual(await invoke?.(fromOurs, 'photos.reveal', { photoId: id, variant: 'original' }), { ok: true, result: {} });
    assert.deepEqual(world.calls.showItemInFolder, [[join(dir, '奶奶的照片.jpg')]]);
  });

  void test('menu: Pause All pauses the queue (the paused photo shows a paused bar)', async () => {
    const template = world.calls.setApplicationMenu?.[0]?.[0] as Array<{ submenu?: Array<{ accelerator?: string; click?: () => void }> }>;
    const pauseAll = template.flatMap((m) => m.submenu ?? []).find((i) => i.accelerator === 'CmdOrCtrl+Shift+P');
    const paused = new Promise<void>((resolve) => {
      const check = () => (world.calls.setProgressBar?.at(-1)?.[1] === 'paused' ? resolve() : setImmediate(check));
      check();
    });
    pauseAll?.click?.();
    await paused;
    const invoke = world.handlers.get(`ipc:${IPC.command}`);
    const fromOurs = { sender: { id: win.webContents.id }, senderFrame: { url: 'heirloom://app/index.html', parent: null } };
    assert.deepEqual(await invoke?.(fromOurs, 'queue.status', {}), { ok: true, result: { paused: true, pausedAlbumIds: [] } });
  });

  void test('heirloom://media serves only what the core knows', async () => {
    const handler = world.handlers.get('protocol:heirloom') as (r: Request) => Promise<Response>;
    assert.equal((await handler(new Request('heirloom://media/unknown/thumb'))).status, 404);
    const list = (await world.handlers.get(`ipc:${IPC.command}`)?.({ sender: { id: win.webContents.id }, senderFrame: { url: 'heirloom://app/', parent: null } }, 'photos.list', {})) as {
      result: Array<{ id: string }>;
    };
    const id = list.result[0]?.id ?? assert.fail('the imported photo is listed');
    const original = await handler(new Request(`heirloom://media/${encodeURIComponent(id)}/original`));
    assert.equal(original.status, 200);
    assert.equal(original.headers.get('content-type'), 'image/jpeg');
  });

  void test('menu: Settings asks the window to open its settings; second instance focuses the window', () => {
    const template = world.calls.setApplicationMenu?.[0]?.[0] as Array<{ submenu?: Array<{ accelerator?: string; click?: () => void }> }>;
    const settings = template.flatMap((m) => m.submenu ?? []).find((i) => i.accelerator === 'CmdOrCtrl+,');
    settings?.click?.();
    assert.deepEqual(win.webContents.sent.at(-1), [IPC.event, { name: 'ui.openSettings', payload: {} }]);
    const focused = win.focused;
    world.fake.app.emit('second-instance');
    assert.equal(win.focused, focused + 1);
  });

  void test('quit: the core is closed before the app really quits', async () => {
    let prevented = 0;
    world.fake.app.emit('will-quit', { preventDefault: () => (prevented += 1) });
    assert.equal(prevented, 1);
    await world.quitCalled.promise;
    world.fake.app.emit('will-quit', { preventDefault: () => (prevented += 1) });
    assert.equal(prevented, 1, 'the second will-quit goes through');
    assert.equal(world.calls.showErrorBox, undefined);
  });
});
