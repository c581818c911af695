// The application menu as data (pure; main.ts hands it to Menu.buildFromTemplate).
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  addPhotos(): void;
  addFolder(): void;
  openSettings(): void;
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
      { label: 'File', submenu: [...imports, sep, { role: 'close' }] },
      edit,
      view,
      { role: 'windowMenu' },
    ];
  }
  return [
    { label: '&File', submenu: [...imports, sep, settings, sep, { role: 'quit', label: '&Quit', accelerator: 'Ctrl+Q' }] },
    edit,
    view,
  ];
}
