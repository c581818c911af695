// Issue 5 in the browser host: a folder dragged into the page from the file manager becomes one
// album named after it, with its sub-folders — as a folder dropped into the desktop app does —
// and the colorized copies mirror that tree under the output folder.
import { readdir } from 'node:fs/promises';
import { sep } from 'node:path';
import { writeAlbum } from '../support/album';
import { dropFolders } from '../support/drop';
import { expect, test } from '../support/env';
import { hostCommand } from '../support/host-commands';
import { album, openLibrary } from '../support/library-page';

test('a folder with sub-folders dropped into the browser becomes one album; the results mirror its tree', async ({ page, env }) => {
  const emulator = await env.startEmulator();
  const heirloom = await env.startHeirloom(emulator.url);
  const onDisk = await writeAlbum(env.dir, '外婆的相册', ['1962 婚礼/新娘.jpg', '1962 婚礼/全家福.jpg', '1975/海边/日落.jpg', '封面.jpg'], { withCopy: false });
  await openLibrary(page, heirloom.url);

  await dropFolders(page, [onDisk.root]);

  const item = album(page, '外婆的相册');
  await expect(item).toBeVisible();
  await expect(item.getByRole('button', { name: /外婆的相册/ }).first()).toContainText(String(onDisk.photos.length));
  await expect(page.getByTestId('photo-card')).toHaveCount(onDisk.photos.length);
  await expect(page.getByTestId('state-badge').filter({ hasText: 'Done' })).toHaveCount(onDisk.photos.length, { timeout: 60_000 });

  // One album, holding every photo at its place inside the dropped folder.
  const albums = (await hostCommand(heirloom.url, 'albums.list', {})) as Array<{ id: string; name: string }>;
  expect(albums.map((a) => a.name)).toEqual(['外婆的相册']);
  const photos = (await hostCommand(heirloom.url, 'photos.list', {})) as Array<{ albumId: string | null; relPath: string }>;
  expect(photos.map((p) => [p.albumId, p.relPath]).sort()).toEqual(onDisk.photos.map((path) => [albums[0]?.id, path]).sort());

  // Junk and the note are listed with their reasons, as for a folder imported by path.
  const list = page.getByTestId('rejected-list');
  for (const junk of onDisk.junk) await expect(list.getByTestId('rejected-item').filter({ hasText: junk })).toBeVisible();
  await expect(list.getByTestId('rejected-item').filter({ hasText: 'notes.txt' })).toBeVisible();

  // The output mirrors the album's sub-folders.
  const outputs = (await readdir(env.outDir, { recursive: true })).map((path) => path.split(sep).join('/'));
  for (const path of onDisk.photos) expect(outputs, outputs.join(', ')).toContain(path.replace(/\.jpg$/, '.colorized.png'));
});

test('a folder picked with "Add folder" asks about its sub-folders; unticked, only the folder’s own photos go in', async ({ page, env }) => {
  const emulator = await env.startEmulator();
  const heirloom = await env.startHeirloom(emulator.url);
  const onDisk = await writeAlbum(env.dir, '外婆的相册', ['1962 婚礼/新娘.jpg', '1975/海边/日落.jpg', '封面.jpg'], { withCopy: false });
  await openLibrary(page, heirloom.url);

  await page.getByTestId('folder-input').first().setInputFiles(onDisk.root);
  const question = page.getByRole('dialog', { name: /外婆的相册/ });
  await expect(question).toBeVisible();
  const box = question.getByRole('checkbox', { name: 'Include subfolders' });
  await expect(box).toBeChecked();
  await box.uncheck();
  await question.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(question).toBeHidden();

  await expect(page.getByTestId('photo-card')).toHaveCount(1);
  const photos = (await hostCommand(heirloom.url, 'photos.list', {})) as Array<{ relPath: string }>;
  expect(photos.map((p) => p.relPath)).toEqual(['封面.jpg']);
  const list = page.getByTestId('rejected-list');
  for (const sub of ['1962 婚礼', '1975']) await expect(list.getByTestId('rejected-item').filter({ hasText: `外婆的相册/${sub}` })).toContainText('Subfolder left out');
});
