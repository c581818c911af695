// Folders in the Electron client: a dropped folder is imported by its own path (the core makes it
// an album and walks it); a folder picked with <input webkitdirectory> is found from a file's path
// minus its place inside the folder. And the picker's files grouped back into folders.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PreloadApi } from '../../electron/shared/client';
import type { CommandEnvelope } from '../../electron/shared/contract';
import { createElectronClient } from '../../renderer/client/preload-client';
import type { FolderPick } from '../../renderer/client/types';
import { foldersFromInput } from '../../renderer/dnd/collect-files';
import { filesToImport, splitByDepth } from '../../renderer/dnd/folder-depth';
import { importResult } from './fixtures';

function fakePreload(paths: Map<File, string>) {
  const invoked: Array<[string, unknown]> = [];
  const api: PreloadApi = {
    invoke: async (name, args): Promise<CommandEnvelope> => {
      invoked.push([name, args]);
      return { ok: true, result: importResult() };
    },
    subscribe: () => () => undefined,
    pathsForFiles: (files) => files.map((file) => paths.get(file) ?? ''),
  };
  return { api, invoked };
}

/** A File as an <input webkitdirectory> gives it (Node's File has no webkitRelativePath). */
function picked(relPath: string): File {
  const file = new File(['x'], relPath.split('/').pop() ?? relPath);
  Object.defineProperty(file, 'webkitRelativePath', { value: relPath });
  return file;
}

const folder = (name: string, handle: File | null, files: File[]): FolderPick => ({
  name,
  handle,
  files: async () => ({ files: files.map((file) => ({ file, relPath: file.webkitRelativePath })), unreadable: [] }),
});

describe('Electron client: folders', () => {
  it('imports a dropped folder by its path, a picked one by its files’ path, and reports one without a path', async () => {
    const dropped = new File([], '奶奶的相册');
    const inside = picked('Wedding/1962/a.jpg');
    const nowhere = picked('Scans/b.jpg');
    const { api, invoked } = fakePreload(
      new Map([
        [dropped, '/home/me/Pictures/奶奶的相册'],
        [inside, 'C:\\Users\\me\\Wedding\\1962\\a.jpg'],
      ]),
    );
    const client = createElectronClient(api);
    const result = await client.importFolders([folder('奶奶的相册', dropped, []), folder('Wedding', null, [inside]), folder('Scans', null, [nowhere])]);
    assert.equal(invoked.length, 1);
    const [name, args] = invoked[0] ?? [];
    assert.equal(name, 'photos.importPaths');
    assert.deepEqual((args as { paths: string[] }).paths, ['/home/me/Pictures/奶奶的相册', 'C:\\Users\\me\\Wedding']);
    assert.match((args as { importId: string }).importId, /^[0-9a-f-]{36}$/, 'tagged for progress events and cancel');
    assert.deepEqual(result.rejected.map((r) => [r.name, r.code]), [['Scans', 'no_path']]);
    assert.equal(client.capabilities.revealInFolder, true);
  });

  it('passes "Include subfolders" to the core as `recursive` (left out when the caller does not say)', async () => {
    const dropped = new File([], 'Album');
    const { api, invoked } = fakePreload(new Map([[dropped, '/home/me/Album']]));
    const client = createElectronClient(api);
    await client.importFolders([folder('Album', dropped, [])], { recursive: false });
    await client.importFolders([folder('Album', dropped, [])]);
    assert.deepEqual(invoked.map(([, args]) => (args as { recursive?: boolean }).recursive), [false, undefined]);
  });
});

describe('folders from a directory picker', () => {
  it('groups the files by the folder they were picked from; files without one stay loose', () => {
    const loose = new File(['x'], 'loose.jpg');
    Object.defineProperty(loose, 'webkitRelativePath', { value: '' });
    const files = [picked('Grandma/a.jpg'), picked('Grandma/1962/b.jpg'), picked('Trip/c.jpg'), loose];
    const grouped = foldersFromInput(files);
    assert.deepEqual(grouped.folders.map((f) => f.name), ['Grandma', 'Trip']);
    assert.deepEqual(grouped.loose, [loose]);
  });

  it('hands over each folder’s files with their path inside it', async () => {
    const { folders } = foldersFromInput([picked('Grandma/a.jpg'), picked('Grandma/1962/b.jpg')]);
    const listed = await folders[0]?.files();
    assert.deepEqual(listed?.files.map((f) => f.relPath), ['Grandma/a.jpg', 'Grandma/1962/b.jpg']);
  });
});

describe('Include subfolders: what a picked folder’s tree gives', () => {
  const entry = (relPath: string) => ({ file: new File(['x'], relPath.split('/').pop() ?? relPath), relPath });
  const tree = ['G/a.jpg', 'G/1962/b.jpg', 'G/1962/deep/c.jpg', 'G/1970/d.jpg', 'G/e.jpg'].map(entry);

  it('splits the folder’s own files from its first-level sub-folders', () => {
    const { top, subfolders } = splitByDepth(tree);
    assert.deepEqual(top.map((f) => f.relPath), ['G/a.jpg', 'G/e.jpg']);
    assert.deepEqual(subfolders, ['G/1962', 'G/1970']);
    assert.deepEqual(splitByDepth([entry('G/a.jpg')]).subfolders, [], 'a flat folder has nothing to ask about');
  });

  it('keeps the whole tree when recursive, and only the top level (sub-folders listed as skipped) when not', () => {
    const unreadable = [{ name: 'G/locked', code: 'unreadable', reason: 'denied' }];
    assert.deepEqual(filesToImport({ files: tree, unreadable }, true), { files: tree, unreadable, skipped: [] });
    const flat = filesToImport({ files: tree, unreadable }, false);
    assert.deepEqual(flat.files.map((f) => f.relPath), ['G/a.jpg', 'G/e.jpg']);
    assert.deepEqual(flat.skipped.map((s) => [s.name, s.code]), [['G/1962', 'not-recursed'], ['G/1970', 'not-recursed']]);
    assert.deepEqual(flat.unreadable, unreadable);
  });
});
