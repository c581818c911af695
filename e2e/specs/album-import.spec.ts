// Journey 3, batch album import: a folder with subfolders, junk files, a note and a copy of a
// photo. From the browser ("Add folder"): every photo goes in, the rest is listed with reasons.
// By path (what the desktop app's "Add Folder…" does): the album appears in the sidebar with its
// progress and time left, pauses on its own, mirrors its tree in the output folder, announces
// that it is finished, and a rescan takes only the new photo.
import { readdir, writeFile } from 'node:fs/promises';
import { basename, join, sep } from 'node:path';
import { writeAlbum } from '../support/album';
import { expect, test } from '../support/env';
import { hostCommand } from '../support/host-commands';
import { album, badge, notifications, openLibrary, recordNotifications } from '../support/library-page';
import { grayscalePhoto } from '../support/test-photos';

test('an album folder with subfolders added from the browser: its photos go in, junk and notes are listed, the copy is recognised', async ({ page, env }) => {
  const emulator = await env.startEmulator();
  const heirloom = await env.startHeirloom(emulator.url);
  const onDisk = await writeAlbum(env.dir, '奶奶的相册', ['1962 婚礼/新娘.jpg', '1962 婚礼/全家福.jpg', '1975/海边.jpg', '封面.jpg']);
  await openLibrary(page, heirloom.url);

  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Add folder' }).first().click();
  await (await chooser).setFiles(onDisk.root);
  // The folder has sub-folders, so Heirloom asks; "Include subfolders" is ticked by default.
  const question = page.getByRole('dialog', { name: /奶奶的相册/ });
  await expect(question.getByRole('checkbox', { name: 'Include subfolders' })).toBeChecked();
  await question.getByRole('button', { name: 'Add', exact: true }).click();

  // Four photos: the copy is the same photo as the first (whichever of the two arrived first names it).
  const cards = page.getByTestId('photo-card');
  await expect(cards).toHaveCount(onDisk.photos.length);
  await expect(page.getByTestId('state-badge').filter({ hasText: 'Done' })).toHaveCount(onDisk.photos.length, { timeout: 60_000 });
  const names = await cards.evaluateAll((elements) => elements.map((el) => el.getAttribute('data-photo-name') ?? ''));
  for (const path of onDisk.photos.slice(1)) expect(names).toContain(basename(path));
  expect([basename(onDisk.photos[0] ?? ''), ...onDisk.duplicates]).toContain(names.find((n) => !onDisk.photos.slice(1).map((p) => basename(p)).includes(n)));

  const list = page.getByTestId('rejected-list');
  for (const junk of onDisk.junk) {
    await expect(list.getByTestId('rejected-item').filter({ hasText: junk }).locator('.rejected-reason')).toHaveText('System file, not a photo.');
  }
  await expect(list.getByTestId('rejected-item').filter({ hasText: 'notes.txt' }).locator('.rejected-reason')).toHaveText('Not a photo: only JPEG, PNG, TIFF and WebP can be colorized.');
  await expect(list.getByTestId('duplicates')).toHaveText('1 photo was already in the library');
});

test('an album imported by path shows its progress and time left, pauses alone, mirrors its tree, says when it is done, and rescans only what is new', async ({ page, env }) => {
  // 1.2 s a photo: long enough to pause the album half way and to measure a speed.
  const emulator = await env.startEmulator({ serviceTimeMs: 1200 });
  const heirloom = await env.startHeirloom(emulator.url);
  const onDisk = await writeAlbum(env.dir, 'Grandma', ['1962/wedding.jpg', '1962/family.jpg', '1975/beach.jpg', 'cover.jpg', '1980/garden.jpg', '1980/porch.jpg'], { withCopy: false });
  await recordNotifications(page);
  await openLibrary(page, heirloom.url);

  await hostCommand(heirloom.url, 'photos.importPaths', { paths: [onDisk.root] });
  const item = album(page, 'Grandma');
  await expect(item).toBeVisible();
  await expect(item.getByRole('button', { name: /Grandma/ }).first()).toContainText('6');
  await expect(item.getByTestId('group-progress')).toBeVisible();

  // The album's own pause: its photos that have not started wait, the ones running finish.
  await expect(page.getByTestId('state-badge').filter({ hasText: 'Done' }).first()).toBeVisible({ timeout: 60_000 });
  await item.getByRole('button', { name: 'Pause Grandma' }).click();
  await expect(item.getByTestId('scope-status')).toContainText('Paused');
  await expect(page.getByTestId('state-badge').filter({ hasText: 'Paused' }).first()).toBeVisible();
  await expect(page.getByTestId('state-badge').filter({ hasText: /Colorizing|Uploading|Waiting|Starting|Downloading|Saving/ })).toHaveCount(0, { timeout: 30_000 });
  const doneWhilePaused = await page.getByTestId('state-badge').filter({ hasText: 'Done' }).count();
  expect(doneWhilePaused).toBeLessThan(onDisk.photos.length);

  // Resumed, the measured speed gives a time left; then everything finishes.
  await item.getByRole('button', { name: 'Resume Grandma' }).click();
  await expect(item.getByTestId('scope-status')).toContainText(/to go · (less than a minute|about \d+ minutes?) left/, { timeout: 30_000 });
  await expect(item.getByTestId('scope-status')).toHaveText('All done · 6 colorized', { timeout: 60_000 });
  await expect.poll(() => notifications(page)).toContainEqual({ title: '“Grandma” is finished', body: '6 photos colorized.' });

  const outputs = (await readdir(env.outDir, { recursive: true })).map((path) => path.split(sep).join('/'));
  for (const path of onDisk.photos) {
    const stem = path.replace(/\.jpg$/, '');
    expect(outputs.some((out) => out.endsWith(`${stem}.colorized.png`)), `${stem} in ${outputs.join(', ')}`).toBe(true);
  }

  // A new scan finds the one photo added since, and says the others have not changed.
  const added = await grayscalePhoto('new.jpg', 40, 480, 360);
  await writeFile(join(onDisk.root, '1990 new.jpg'), added.bytes);
  await item.getByRole('button', { name: 'Check Grandma for new photos' }).click();
  await expect(badge(page, '1990 new.jpg')).toHaveText('Done', { timeout: 60_000 });
  await expect(page.getByTestId('unchanged')).toContainText('had not changed since the last scan');
  await expect(item.getByTestId('scope-status')).toHaveText('All done · 7 colorized');
});
