// Electron main: lifecycle, the window, the menu, heirloom:// and the IPC relay, plus the
// desktop's own signals (taskbar progress, staying awake, "show in folder"). All behaviour lives
// in electron/core; this file only binds it to Electron.
import { Menu, app, dialog, ipcMain, powerSaveBlocker, protocol, safeStorage, session, shell } from 'electron';
import type { BrowserWindow as Window } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { HeirloomCore } from '../core/api/core';
import { createHeirloomCore } from '../core/api/create-core';
import { encryptedFileSecrets } from '../core/broker/settings';
import { runCommand } from '../host/run-command';
import { IPC } from '../shared/wire';
import { createActivityOutput, createActivityTracker } from './activity';
import { importFromDialog } from './imports';
import type { ImportKind } from './imports';
import { handleCommand } from './ipc';
import { buildMenuTemplate } from './menu';
import { dataDirOverride, resolveAppPaths } from './paths';
import type { AppPaths } from './paths';
import { createProtocolHandler } from './protocol';
import { SCHEME } from './security';
import { UPDATE_URL_ENV, startAutoUpdate, updateSource } from './updater';
import { createMainWindow, guardSession, guardWebContents } from './window';
import { WINDOW_STATE_FILE } from './window-state';

const APP_ID = 'app.heirloom.desktop';
/** Until the contract carries UI intents, the menu's Settings item is sent as this event (see report). */
const OPEN_SETTINGS_EVENT = { name: 'ui.openSettings', payload: {} } as const;

function log(line: string): void {
  console.log(`[heirloom] ${line}`);
}

function fatal(title: string, detail: string): never {
  log(`${title}: ${detail}`);
  dialog.showErrorBox(title, detail);
  app.exit(1);
  throw new Error(title);
}

async function openCore(paths: AppPaths): Promise<HeirloomCore> {
  if (paths.nativeBinding !== undefined && !existsSync(paths.nativeBinding)) {
    fatal('Heirloom cannot open its database', `The SQLite module built for this Electron is missing:\n${paths.nativeBinding}\n\nRun \`npm run prestart\` (or \`npm start\`) in the project folder.`);
  }
  try {
    return await createHeirloomCore({
      dataDir: paths.dataDir,
      workflowsDir: paths.workflowsDir,
      defaultOutputDir: paths.defaultOutputDir,
      nativeBinding: paths.nativeBinding,
      appVersion: app.getVersion(),
      revealPath: (path) => shell.showItemInFolder(path),
      // Chroma mode's rebuild off the main process's thread (colorize/rebuild-pool.ts).
      startRebuildWorker: () => new Worker(paths.rebuildWorker),
      // The broker password: encrypted with the OS keychain (safeStorage), never in the database.
      secrets: encryptedFileSecrets({
        path: join(paths.dataDir, 'secrets.json'),
        encrypt: (plain) => safeStorage.encryptString(plain),
        decrypt: (cipher) => safeStorage.decryptString(cipher),
      }),
    });
  } catch (error) {
    return fatal('Heirloom cannot start', error instanceof Error ? error.message : String(error));
  }
}

async function run(): Promise<void> {
  await app.whenReady();
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  guardSession(session.defaultSession);
  const isDev = !app.isPackaged;
  const paths = resolveAppPaths({
    appPath: app.getAppPath(),
    isPackaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
    userData: app.getPath('userData'),
    pictures: app.getPath('pictures'),
    abi: process.versions.modules,
  });
  const core = await openCore(paths);
  protocol.handle(SCHEME, createProtocolHandler({ rendererDir: paths.rendererDir, mediaPath: (id, variant, jobId) => core.mediaPath(id, variant, jobId) }));

  let win: Window | undefined;
  const current = (): Window | undefined => (win && !win.isDestroyed() ? win : undefined);
  const showWindow = (): Window => {
    const existing = current();
    if (existing) {
      if (existing.isMinimized()) existing.restore();
      existing.focus();
      return existing;
    }
    win = createMainWindow({
      preload: paths.preload,
      stateFile: join(paths.dataDir, WINDOW_STATE_FILE),
      isDev,
      log,
      onLoadFailed: (error) => dialog.showErrorBox('Heirloom could not load its window', `${error.message}\n\nRun \`npm run build\` if you are running from a checkout.`),
    });
    return win;
  };

  ipcMain.handle(IPC.command, (event, name: unknown, args: unknown) =>
    handleCommand(
      { contentsId: event.sender.id, frameUrl: event.senderFrame?.url, isMainFrame: event.senderFrame?.parent === null },
      current()?.webContents.id,
      name,
      args,
      (commandName, commandArgs) => runCommand(core, commandName, commandArgs),
    ),
  );
  // Taskbar/dock progress and the power-save blocker follow the queue (see activity.ts).
  const activity = createActivityTracker();
  let blocker: number | undefined;
  const showActivity = createActivityOutput({
    setProgressBar: (progress, mode) => current()?.setProgressBar(progress, { mode }),
    keepAwake: (on) => {
      if (on) blocker = powerSaveBlocker.start('prevent-app-suspension');
      else if (blocker !== undefined) {
        powerSaveBlocker.stop(blocker);
        blocker = undefined;
      }
    },
  });
  const unsubscribe = core.subscribe((event) => {
    current()?.webContents.send(IPC.event, event);
    activity.apply(event);
    showActivity(activity.activity());
  });
  const loadActivity = async (): Promise<void> => {
    const [photos, queue] = await Promise.all([core.handlers['photos.list']({}), core.handlers['queue.status']({})]);
    activity.load(photos);
    activity.setQueue(queue);
    showActivity(activity.activity());
  };
  loadActivity().catch((error: unknown) => log(`cannot read the queue for the taskbar: ${String(error)}`));

  const importWithDialog = async (kind: ImportKind): Promise<void> => {
    const parent = showWindow();
    await importFromDialog(kind, {
      showOpenDialog: (options) => dialog.showOpenDialog(parent, options),
      showMessageBox: (options) => dialog.showMessageBox(parent, options),
      importPaths: (args) => runCommand(core, 'photos.importPaths', args),
    });
  };
  const menuAction = (action: () => Promise<void>) => () => void action().catch((error: unknown) => log(`menu action failed: ${String(error)}`));
  const queueCommand = (name: 'queue.pause' | 'queue.resume' | 'jobs.retry') => async (): Promise<void> => {
    const answer = await runCommand(core, name, {});
    if (!answer.ok) log(`${name} failed: ${answer.error.message}`);
  };
  const openOutputFolder = async (): Promise<void> => {
    const { outputDir } = await core.handlers['settings.get']({});
    // The folder appears with the first result; until then there is nothing to open.
    const problem = existsSync(outputDir) ? await shell.openPath(outputDir) : `${outputDir} does not exist yet: it is created with the first colorized photo.`;
    if (problem) await dialog.showMessageBox(showWindow(), { type: 'info', message: 'The output folder cannot be opened', detail: problem });
  };
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({
        platform: process.platform,
        isDev,
        appName: app.name,
        actions: {
          addPhotos: menuAction(() => importWithDialog('files')),
          addFolder: menuAction(() => importWithDialog('folder')),
          openSettings: () => showWindow().webContents.send(IPC.event, OPEN_SETTINGS_EVENT),
          openOutputFolder: menuAction(openOutputFolder),
          pauseAll: menuAction(queueCommand('queue.pause')),
          resumeAll: menuAction(queueCommand('queue.resume')),
          retryFailed: menuAction(queueCommand('jobs.retry')),
        },
      }),
    ),
  );

  app.on('second-instance', () => showWindow());
  app.on('activate', () => showWindow());
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let closing: Promise<void> | undefined;
  app.on('will-quit', (event) => {
    if (closing === undefined) {
      event.preventDefault();
      unsubscribe();
      if (blocker !== undefined) powerSaveBlocker.stop(blocker);
      closing = core
        .close()
        .catch((error: unknown) => log(`closing the core failed: ${String(error)}`))
        .finally(() => app.quit());
    }
  });

  showWindow();
  // Recovery may talk to backends: it must not hold up the window.
  core.start().catch((error: unknown) => log(`core start failed: ${error instanceof Error ? error.message : String(error)}`));
  const feed = updateSource({ isPackaged: app.isPackaged, envUrl: process.env[UPDATE_URL_ENV], appUpdateYmlExists: existsSync(join(process.resourcesPath, 'app-update.yml')) });
  startAutoUpdate(feed, log).catch((error: unknown) => log(`update check failed: ${String(error)}`));
}

// Everything below runs before 'ready', as Electron requires.
const dataDir = dataDirOverride(process.env, process.cwd());
if (dataDir !== undefined) app.setPath('userData', dataDir);
protocol.registerSchemesAsPrivileged([{ scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
app.enableSandbox();
app.on('web-contents-created', (_event, contents) => guardWebContents(contents, log));

if (app.requestSingleInstanceLock()) {
  run().catch((error: unknown) => {
    log(`start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    app.exit(1);
  });
} else {
  app.quit();
}
