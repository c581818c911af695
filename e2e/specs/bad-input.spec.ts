// Journey 1's failure paths: junk files are listed with a reason and the batch goes on; a
// backend that is down keeps photos queued until it is back; a backend without the DDColor node
// fails the photo with a reason the user can act on.
import { dropFiles } from '../support/drop';
import { expect, test } from '../support/env';
import { badge, card, openLibrary } from '../support/library-page';
import { emptyFile, grayscalePhoto, textPretendingToBeJpeg } from '../support/test-photos';

test('a text file named .jpg and an empty .png are rejected with reasons; the real photo goes on', async ({ page, env }) => {
  const emulator = await env.startEmulator();
  const heirloom = await env.startHeirloom(emulator.url);
  await openLibrary(page, heirloom.url);

  await dropFiles(page, [textPretendingToBeJpeg('notes.jpg'), emptyFile('empty.png'), await grayscalePhoto('grandpa.jpg', 4)]);

  const rejected = page.getByTestId('rejected-list');
  await expect(rejected).toBeVisible();
  await expect(rejected.getByRole('heading')).toHaveText('2 files were not added');
  for (const name of ['notes.jpg', 'empty.png']) {
    const item = rejected.getByTestId('rejected-item').filter({ hasText: name });
    await expect(item).toHaveCount(1);
    await expect(item.locator('.rejected-reason')).not.toBeEmpty();
  }
  await expect(page.getByTestId('photo-card')).toHaveCount(1);
  await expect(badge(page, 'grandpa.jpg')).toHaveText('Done', { timeout: 60_000 });

  await rejected.getByRole('button', { name: 'Dismiss' }).click();
  await expect(rejected).toBeHidden();
});

test('with ComfyUI down the photo stays queued, and completes once ComfyUI starts on that port', async ({ page, env }) => {
  const port = await env.freePort();
  const heirloom = await env.startHeirloom(`http://127.0.0.1:${port}`);
  await openLibrary(page, heirloom.url);
  const banner = page.getByTestId('backend-banner');
  await expect(banner).toContainText(`:${port}`);
  await expect(banner).toContainText('is offline — photos wait safely and start when it is back');

  await dropFiles(page, [await grayscalePhoto('wedding.jpg', 5)]);
  await expect(badge(page, 'wedding.jpg')).toHaveText('Queued');
  // Through the next probe of the dead backend the photo neither starts nor fails.
  const probe = banner.locator('[data-checked-at]');
  const checkedAt = await probe.getAttribute('data-checked-at');
  await expect(probe).not.toHaveAttribute('data-checked-at', checkedAt ?? '');
  await expect(banner).toContainText('is offline');
  await expect(badge(page, 'wedding.jpg')).toHaveText('Queued');

  await env.startEmulator({ port });
  await expect(badge(page, 'wedding.jpg')).toHaveText('Done', { timeout: 60_000 });
  await expect(banner).not.toContainText('offline');
});

test('a ComfyUI without DDColor_Colorize fails the photo with the missing node; retried on one that has it, it completes', async ({ page, env }) => {
  const emulator = await env.startEmulator({ omitNodes: ['DDColor_Colorize'] });
  const heirloom = await env.startHeirloom(emulator.url);
  await openLibrary(page, heirloom.url);

  await dropFiles(page, [await grayscalePhoto('uncle.jpg', 6)]);

  await expect(badge(page, 'uncle.jpg')).toHaveText('Failed', { timeout: 60_000 });
  const host = new URL(emulator.url).host;
  const reason = card(page, 'uncle.jpg').getByTestId('error-reason');
  await expect(reason).toContainText('node DDColor_Colorize is not installed on');
  await expect(reason).toContainText(host);
  await expect(page.getByTestId('backend-banner')).toContainText('DDColor_Colorize');

  // The user adds a ComfyUI that has the node, then retries just that photo.
  const equipped = await env.startEmulator();
  await page.getByRole('button', { name: 'Settings', exact: true }).click();
  const add = page.getByTestId('settings-dialog').getByTestId('backend-form-add');
  await add.getByLabel('ComfyUI URL').fill(equipped.url);
  await add.getByRole('button', { name: 'Add' }).click();
  await expect(page.getByTestId('settings-dialog').getByTestId('backend-row')).toHaveCount(2);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('settings-dialog')).toBeHidden();
  await card(page, 'uncle.jpg').getByRole('button', { name: 'Retry uncle.jpg' }).click();
  await expect(badge(page, 'uncle.jpg')).toHaveText('Done', { timeout: 60_000 });
  await expect(card(page, 'uncle.jpg').getByTestId('error-reason')).toBeHidden();
});
