// Picks the transport: the Electron preload exposes `window.heirloom`; otherwise the page was
// served by the browser host. Nothing else in the UI knows which one it got.
import type { PreloadApi } from '../../electron/shared/client';
import { createBrowserClient } from './browser';
import { createElectronClient } from './preload-client';
import type { UiClient } from './types';

declare global {
  interface Window {
    heirloom?: PreloadApi;
  }
}

export function createClient(win: Window): UiClient {
  return 'heirloom' in win && win.heirloom !== undefined ? createElectronClient(win.heirloom) : createBrowserClient(win.location);
}

export type { ConnectionEvent, UiClient } from './types';
