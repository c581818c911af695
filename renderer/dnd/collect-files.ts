// Files from a drop, with dropped folders walked recursively (browsers hand a folder over as a
// directory entry, not as its files). Entries must be taken from the DataTransfer synchronously,
// inside the drop event; the walk itself is asynchronous. Unreadable entries are reported, not thrown.
import type { RejectedFile } from '../../electron/shared/contract';

export interface CollectedFiles {
  files: File[];
  unreadable: RejectedFile[];
}

type Dropped = { entry: FileSystemEntry | null; file: File | null };

function readBatch(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

function fileOf(entry: FileSystemFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

async function walk(entry: FileSystemEntry, out: CollectedFiles): Promise<void> {
  try {
    if (entry.isFile) {
      out.files.push(await fileOf(entry as FileSystemFileEntry));
      return;
    }
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    // readEntries returns at most 100 entries per call in Chromium; an empty batch ends the folder.
    for (let batch = await readBatch(reader); batch.length > 0; batch = await readBatch(reader)) {
      for (const child of batch) await walk(child, out);
    }
  } catch (error) {
    out.unreadable.push({ name: entry.fullPath.replace(/^\//, ''), code: 'unreadable', reason: error instanceof Error ? error.message : String(error) });
  }
}

/** Call synchronously in the drop handler; await the returned promise afterwards. */
export function collectDroppedFiles(transfer: DataTransfer): Promise<CollectedFiles> {
  const dropped: Dropped[] = Array.from(transfer.items)
    .filter((item) => item.kind === 'file')
    .map((item) => ({ entry: item.webkitGetAsEntry(), file: item.getAsFile() }));
  const fallback = dropped.length === 0 ? Array.from(transfer.files) : [];
  return (async () => {
    const out: CollectedFiles = { files: [...fallback], unreadable: [] };
    for (const { entry, file } of dropped) {
      if (entry?.isDirectory) await walk(entry, out);
      else if (file !== null) out.files.push(file);
    }
    return out;
  })();
}
