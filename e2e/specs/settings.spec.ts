// The settings' ComfyUI tab: the list of backends with their state, a URL check as you type,
// "Test connection" against a ComfyUI with and without DDColor, adding, switching off and
// removing a backend — each change shown in the list and the status banner at once.
import { expect, test } from '../support/env';
import { openLibrary } from '../support/library-page';

test('settings list the backends, test a connection, add, switch off and remove one', async ({ page, env }) => {
  const ready = await env.startEmulator();
  const bare = await env.startEmulator({ omitNodes: ['DDColor_Colorize'] });
  const heirloom = await env.startHeirloom(ready.url);
  await openLibrary(page, heirloom.url);

  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByTestId('settings-dialog');
  await expect(dialog).toBeVisible();
  const rows = dialog.getByTestId('backend-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(new URL(ready.url).host);
  await expect(rows.first()).toHaveAttribute('data-backend-state', 'online');
  await expect(rows.first()).toContainText('Ready');

  const add = dialog.getByTestId('backend-form-add');
  const url = add.getByLabel('ComfyUI URL');
  await url.fill('ftp://nas.local/comfy');
  await expect(add.getByTestId('error-url')).toHaveText('Enter the address of ComfyUI, starting with http:// or https://');
  await expect(url).toHaveAttribute('aria-invalid', 'true');
  await add.getByRole('button', { name: 'Add' }).click();
  await expect(rows).toHaveCount(1);

  await url.fill(ready.url);
  await expect(url).toHaveAttribute('aria-invalid', 'false');
  await add.getByRole('button', { name: 'Test connection' }).click();
  const result = add.getByTestId('test-result');
  await expect(result).toContainText('Connected: ComfyUI');
  await expect(result).toContainText('DDColor_Colorize is installed');
  await add.getByRole('button', { name: 'Add' }).click();
  await expect(add.getByTestId('settings-error')).toContainText('already in the list');

  await url.fill(bare.url);
  await add.getByRole('button', { name: 'Test connection' }).click();
  await expect(result).toContainText('Missing: DDColor_Colorize');
  await add.getByLabel('Name', { exact: true }).fill('Attic PC');
  await add.getByRole('button', { name: 'Add' }).click();
  await expect(rows).toHaveCount(2);
  const attic = rows.filter({ hasText: 'Attic PC' });
  await expect(attic).toHaveAttribute('data-backend-state', 'incompatible');
  await expect(attic.getByTestId('backend-message')).toHaveText(`node DDColor_Colorize is not installed on ${bare.url}`);
  await expect(add.getByLabel('ComfyUI URL')).toHaveValue('', { timeout: 1_000 });

  const banner = page.getByTestId('backend-banner');
  await expect(banner).toContainText(new URL(bare.url).host);

  // The box shows what the core says: it turns off once the core has saved the change.
  const use = attic.getByRole('checkbox', { name: 'Use Attic PC' });
  await use.click();
  await expect(use).not.toBeChecked();
  await expect(attic).toHaveAttribute('data-backend-state', 'disabled');
  await expect(attic).toContainText('Not used');
  await expect(banner).not.toContainText(new URL(bare.url).host);

  await attic.getByRole('button', { name: 'Remove Attic PC' }).click();
  await expect(rows).toHaveCount(1);

  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByTestId('settings-dialog').getByTestId('backend-row')).toHaveCount(1);
});
