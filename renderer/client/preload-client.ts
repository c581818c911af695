// HeirloomClient over the Electron preload (window.heirloom): commands over IPC, one event
// subscription, dropped files and folders resolved to paths and imported in place (no upload;
// a folder becomes an album with its tree, as with "Add Folder…").
import type { PreloadApi } from '../../electron/shared/client';
import type { ImportResult, MediaVariant, RejectedFile } from '../../electron/shared/contract';
import { emptyImportResult, mergeImportResults, resultFromEnvelope } from './envelope';
import { createEventHub, parseEvent } from './event-hub';
import type { FolderPick, UiClient } from './types';

export const NO_PATH_CODE = 'no_path';

/**
 * The folder's path on disk: the dropped folder's own, or (for a folder picked with an
 * <input webkitdirectory>) a file's path minus its place inside the folder.
 */
async function folderPath(api: PreloadApi, folder: FolderPick): Promise<string | undefined> {
  if (folder.handle !== null) {
    const [path] = api.pathsForFiles([folder.handle]);
    if (path) return path;
  }
  const { files } = await folder.files();
  const first = files[0];
  if (first === undefined) return undefined;
  const [path] = api.pathsForFiles([first.file]);
  const inside = first.relPath.slice(folder.name.length);
  if (!path || !first.relPath.startsWith(`${folder.name}/`)) return undefined;
  const normalized = path.replaceAll('\\', '/');
  return normalized.endsWith(inside) ? path.slice(0, path.length - inside.length) : undefined;
}

export function createElectronClient(api: PreloadApi): UiClient {
  const hub = createEventHub();
  const unsubscribe = api.subscribe((event) => {
    const parsed = parseEvent(event);
    if (parsed.ok) hub.emit(parsed.event);
    else console.warn(`event dropped: ${parsed.message}`);
  });

  const call: UiClient['call'] = async (name, args) => resultFromEnvelope(name, await api.invoke(name, args));

  const importPaths = async (paths: readonly string[], rejected: readonly RejectedFile[], recursive?: boolean): Promise<ImportResult> => {
    const parts: ImportResult[] = [emptyImportResult({ rejected: [...rejected] })];
    // The id tags the core's import.progress events (and lets the UI cancel the import).
    const importId = crypto.randomUUID();
    if (paths.length > 0) parts.push(await call('photos.importPaths', { paths: [...paths], importId, ...(recursive === undefined ? {} : { recursive }) }));
    return mergeImportResults(parts);
  };

  return {
    call,
    on: (name, listener) => hub.on(name, listener),
    async importFiles(files) {
      const resolved = api.pathsForFiles(files);
      const paths: string[] = [];
      const rejected: RejectedFile[] = [];
      files.forEach((file, index) => {
        const path = resolved[index];
        if (path) paths.push(path);
        else rejected.push({ name: file.name, code: NO_PATH_CODE, reason: 'This file has no path on disk.' });
      });
      return importPaths(paths, rejected);
    },
    async importFolders(folders, options = {}) {
      const paths: string[] = [];
      const rejected: RejectedFile[] = [];
      for (const folder of folders) {
        const path = await folderPath(api, folder);
        if (path) paths.push(path);
        else rejected.push({ name: folder.name, code: NO_PATH_CODE, reason: 'This folder has no path on disk.' });
      }
      // The core walks the folder itself, so "Include subfolders" is just its `recursive`.
      return importPaths(paths, rejected, options.recursive);
    },
    capabilities: { revealInFolder: true },
    mediaUrl(photoId: string, variant: MediaVariant, version?: number) {
      const base = `heirloom://media/${encodeURIComponent(photoId)}/${variant}`;
      return version === undefined ? base : `${base}?v=${version}`;
    },
    resultUrl: (photoId: string, jobId: string) => `heirloom://media/${encodeURIComponent(photoId)}/result/${encodeURIComponent(jobId)}`,
    // IPC has no connection to lose: the channel is up for the window's lifetime.
    onConnection(listener) {
      listener({ kind: 'connected' });
      return () => undefined;
    },
    close() {
      unsubscribe();
      hub.clear();
    },
  };
}
