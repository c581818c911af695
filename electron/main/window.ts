// The one window and the guards every web contents and the session get.
import { BrowserWindow, screen, shell } from 'electron';
import type { Session, WebContents } from 'electron';
import { APP_ENTRY_URL, externalUrl, isAppUrl, isPermissionAllowed } from './security';
import { MIN_HEIGHT, MIN_WIDTH, loadWindowState, saveWindowState } from './window-state';

export interface MainWindowOptions {
  preload: string;
  stateFile: string;
  isDev: boolean;
  log(line: string): void;
  onLoadFailed(error: Error): void;
}

export function createMainWindow(opts: MainWindowOptions): BrowserWindow {
  const { state, problem } = loadWindowState(opts.stateFile, screen.getAllDisplays().map((d) => d.workArea));
  if (problem) opts.log(problem);
  const win = new BrowserWindow({
    title: 'Heirloom',
    x: state.x,
    y: state.y,
    width: state.width,
    height: state.height,
    minWidth: MIN_WIDTH,
    minHeight: MIN_HEIGHT,
    show: false,
    backgroundColor: '#141518',
    webPreferences: {
      preload: opts.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      devTools: opts.isDev,
      spellcheck: false,
      // Middle-click would open links in a new window; the open handler denies those anyway.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  // The window is "Heirloom" whatever the page title says (tests and the taskbar rely on it).
  win.on('page-title-updated', (event) => event.preventDefault());
  win.on('close', () => {
    try {
      saveWindowState(opts.stateFile, win.getNormalBounds(), win.isMaximized());
    } catch (error) {
      opts.log(`cannot save window state: ${(error as Error).message}`);
    }
  });
  win.loadURL(APP_ENTRY_URL).catch((error: unknown) => {
    win.show();
    opts.onLoadFailed(error instanceof Error ? error : new Error(String(error)));
  });
  return win;
}

/** Applied to every web contents (app.on('web-contents-created')): no navigation away, no popups, no webviews. */
export function guardWebContents(contents: WebContents, log: (line: string) => void): void {
  const blockForeign = (event: { url: string; preventDefault(): void }) => {
    if (isAppUrl(event.url)) return;
    event.preventDefault();
    log(`blocked navigation to ${event.url}`);
  };
  contents.on('will-navigate', blockForeign);
  contents.on('will-frame-navigate', blockForeign);
  contents.on('will-redirect', blockForeign);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const external = externalUrl(url);
    if (external) shell.openExternal(external).catch((error: unknown) => log(`cannot open ${external}: ${String(error)}`));
    else log(`blocked window.open(${url})`);
    return { action: 'deny' };
  });
}

export function guardSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionAllowed(permission, details.requestingUrl));
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionAllowed(permission, requestingOrigin));
}
