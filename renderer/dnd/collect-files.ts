// What a drop or a folder picker hands over: loose files, and folders (browsers give a dropped
// folder as a directory entry, not as its files). Entries must be taken from the DataTransfer
// synchronously, inside the drop event; walking a folder happens later, on demand, and reports
// unreadable entries instead of throwing.
import type { RejectedFile } from '../../electron/shared/contract';
import type { FolderFile, FolderFiles, FolderPick } from '../client/types';

export interface Drop {
  files: File[];
  folders: FolderPick[];
}

function readBatch(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

const relPathOf = (entry: FileSystemEntry) => entry.fullPath.replace(/^\//, '');

async function walk(entry: FileSystemEntry, files: FolderFile[], unreadable: RejectedFile[]): Promise<void> {
  try {
    if (entry.isFile) {
      files.push({ file: await fileOf(entry as FileSystemFileEntry), relPath: relPathOf(entry) });
      return;
    }
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    // readEntries returns at most 100 entries per call in Chromium; an empty batch ends the folder.
    for (let batch = await readBatch(reader); batch.length > 0; batch = await readBatch(reader)) {
      for (const child of batch) await walk(child, files, unreadable);
    }
  } catch (error) {
    unreadable.push({ name: relPathOf(entry), code: 'unreadable', reason: error instanceof Error ? error.message : String(error) });
  }
}

function entryFolder(entry: FileSystemDirectoryEntry, handle: File | null): FolderPick {
  return {
    name: entry.name,
    handle,
    async files() {
      const out: FolderFiles = { files: [], unreadable: [] };
      await walk(entry, out.files, out.unreadable);
      out.files.sort((a, b) => (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0));
      return out;
    },
  };
}

/** Call synchronously in the drop handler. */
export function readDrop(transfer: DataTransfer): Drop {
  const items = Array.from(transfer.items).filter((item) => item.kind === 'file');
  if (items.length === 0) return { files: Array.from(transfer.files), folders: [] };
  const drop: Drop = { files: [], folders: [] };
  for (const item of items) {
    const entry = item.webkitGetAsEntry();
    const file = item.getAsFile();
    if (entry?.isDirectory) drop.folders.push(entryFolder(entry as FileSystemDirectoryEntry, file));
    else if (file !== null) drop.files.push(file);
  }
  return drop;
}

/** Files from an <input webkitdirectory>, grouped by the folder they were picked from. */
export function foldersFromInput(files: readonly File[]): { folders: FolderPick[]; loose: File[] } {
  const byFolder = new Map<string, FolderFile[]>();
  const loose: File[] = [];
  for (const file of files) {
    const relPath = file.webkitRelativePath;
    const slash = relPath.indexOf('/');
    if (slash <= 0) {
      loose.push(file);
      continue;
    }
    const name = relPath.slice(0, slash);
    const list = byFolder.get(name) ?? [];
    byFolder.set(name, list);
    list.push({ file, relPath });
  }
  const folders = [...byFolder].map(([name, list]): FolderPick => ({ name, handle: null, files: async () => ({ files: list, unreadable: [] }) }));
  return { folders, loose };
}
