// The application menu as data (pure; main.ts hands it to Menu.buildFromTemplate).
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  addPhotos(): void;
  addFolder(): void;
  openSettings(): void;
  openOutputFolder(): void;
  pauseAll(): void;
  resumeAll(): void;
  retryFailed(): void;
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** Reload and DevTools exist only when running from a checkout (not packaged). */
  isDev: boolean;
  appName: string;
  actions: MenuActions;
}

export function buildMenuTemplate({ platform, isDev, appName, actions }: MenuOptions): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const sep: MenuItemConstructorOptions = { type: 'separator' };
  const settings: MenuItemConstructorOptions = { label: mac ? 'Settings…' : '&Settings…', accelerator: 'CmdOrCtrl+,', click: () => actions.openSettings() };
  const imports: MenuItemConstructorOptions[] = [
    { label: mac ? 'Add Photos…' : 'Add &Photos…', accelerator: 'CmdOrCtrl+O', click: () => actions.addPhotos() },
    { label: mac ? 'Add Folder…' : 'Add &Folder…', accelerator: 'CmdOrCtrl+Shift+O', click: () => actions.addFolder() },
  ];
  const openOutput: MenuItemConstructorOptions = { label: mac ? 'Open Output Folder' : 'Open &Output Folder', accelerator: 'CmdOrCtrl+Shift+E', click: () => actions.openOutputFolder() };
  // The queue's controls work from the keyboard whatever has the focus in the window. Resume is
  // Shift+U ("unpause"): Shift+R is Force Reload in development builds.
  const queue: MenuItemConstructorOptions = {
    label: mac ? 'Queue' : '&Queue',
    submenu: [
      { label: mac ? 'Pause All' : '&Pause All', accelerator: 'CmdOrCtrl+Shift+P', click: () => actions.pauseAll() },
      { label: mac ? 'Resume All' : '&Resume All', accelerator: 'CmdOrCtrl+Shift+U', click: () => actions.resumeAll() },
      sep,
      { label: mac ? 'Retry Failed Photos' : 'Retry &Failed Photos', accelerator: 'CmdOrCtrl+Shift+T', click: () => actions.retryFailed() },
    ],
  };
  const dev: MenuItemConstructorOptions[] = isDev ? [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, sep] : [];
  const view: MenuItemConstructorOptions = {
    label: mac ? 'View' : '&View',
    submenu: [...dev, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, sep, { role: 'togglefullscreen' }],
  };
  // The Edit menu carries copy/paste shortcuts into text fields (macOS has none without it).
  const edit: MenuItemConstructorOptions = { role: 'editMenu' };

  if (mac) {
    return [
      {
        label: appName,
        submenu: [{ role: 'about' }, sep, settings, sep, { role: 'services' }, sep, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, sep, { role: 'quit' }],
      },
      { label: 'File', submenu: [...imports, openOutput, sep, { role: 'close' }] },
      edit,
      view,
      queue,
      { role: 'windowMenu' },
    ];
  }
  return [
    { label: '&File', submenu: [...imports, openOutput, sep, settings, sep, { role: 'quit', label: '&Quit', accelerator: 'Ctrl+Q' }] },
    edit,
    view,
    queue,
  ];
}
