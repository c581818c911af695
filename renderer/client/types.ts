// What the UI talks to: the shared HeirloomClient plus the state of the live-update channel,
// folder imports and what this transport can do.
import type { HeirloomClient } from '../../electron/shared/client';
import type { ImportResult, RejectedFile } from '../../electron/shared/contract';

/**
 * Status of the event channel. The UI (re)loads its state on every `connected`: the first one
 * is the initial load, later ones are the resync after a reconnect (events sent while the
 * channel was down are lost, so the lists are fetched again).
 */
export type ConnectionEvent =
  | { kind: 'connecting' }
  | { kind: 'connected' }
  | { kind: 'disconnected'; retryInMs: number };

/** A file inside a folder, with its path from the folder's parent ('Grandma/1962/a.jpg'). */
export interface FolderFile {
  file: File;
  relPath: string;
}

export interface FolderFiles {
  files: FolderFile[];
  /** Entries the browser could not read (permissions, vanished files). */
  unreadable: RejectedFile[];
}

/** A folder the user dropped or picked. */
export interface FolderPick {
  name: string;
  /** The folder itself when the browser handed one over (a drop): Electron resolves its path. */
  handle: File | null;
  /** The files under it, read on demand (walking a big folder takes a while). */
  files(): Promise<FolderFiles>;
}

/** How folders are imported: `recursive` (default true, as for a dropped folder) takes their sub-folders too. */
export interface FolderImportOptions {
  recursive?: boolean;
}

export interface UiClient extends HeirloomClient {
  /** Folders become albums: imported by path in Electron, uploaded file by file in a browser. */
  importFolders(folders: readonly FolderPick[], options?: FolderImportOptions): Promise<ImportResult>;
  /** What only some transports can do (the browser host has no file manager to show). */
  readonly capabilities: { readonly revealInFolder: boolean };
  /** The current status is delivered at once to a new listener. Returns its unsubscribe function. */
  onConnection(listener: (event: ConnectionEvent) => void): () => void;
  /** Stops the event channel (and its reconnects) and drops every listener. */
  close(): void;
}
