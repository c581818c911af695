// Sandboxed preload: exposes exactly PreloadApi as window.heirloom. Only IPC.command is ever
// invoked and only IPC.event is listened to; the renderer never sees ipcRenderer itself.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { IpcRendererEvent } from 'electron';
import type { PreloadApi } from '../shared/client';
import type { AnyEvent, CommandEnvelope, CommandName } from '../shared/contract';
import { IPC } from '../shared/wire';

const api = {
  invoke: (name: CommandName, args: unknown): Promise<CommandEnvelope> => ipcRenderer.invoke(IPC.command, name, args),
  subscribe: (listener: (event: AnyEvent) => void): (() => void) => {
    const relay = (_event: IpcRendererEvent, event: AnyEvent) => listener(event);
    ipcRenderer.on(IPC.event, relay);
    return () => {
      ipcRenderer.removeListener(IPC.event, relay);
    };
  },
  // One entry per file, in order; '' for a File built in JS (not on disk): the client reports those.
  pathsForFiles: (files: readonly File[]): string[] => Array.from(files, (file) => webUtils.getPathForFile(file)),
} satisfies PreloadApi;

contextBridge.exposeInMainWorld('heirloom', api);
