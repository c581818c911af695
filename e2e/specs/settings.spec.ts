// The settings dialog: a field check as you type, "Test connection" against a ComfyUI with and
// without DDColor, and saving a new URL switches the backend the app uses.
import { expect, test } from '../support/env';
import { openLibrary } from '../support/library-page';

test('settings check the URL, test a connection and switch to another ComfyUI', async ({ page, env }) => {
  const ready = await env.startEmulator();
  const bare = await env.startEmulator({ omitNodes: ['DDColor_Colorize'] });
  const heirloom = await env.startHeirloom(ready.url);
  await openLibrary(page, heirloom.url);

  await page.getByRole('button', { name: 'Settings' }).click();
  const dialog = page.getByTestId('settings-dialog');
  await expect(dialog).toBeVisible();
  const url = dialog.getByLabel('ComfyUI URL');

  await url.fill('ftp://nas.local/comfy');
  await expect(dialog.getByTestId('error-backendUrl')).toHaveText('Enter the address of ComfyUI, starting with http:// or https://');
  await expect(url).toHaveAttribute('aria-invalid', 'true');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeVisible();

  await url.fill(ready.url);
  await expect(url).toHaveAttribute('aria-invalid', 'false');
  await dialog.getByRole('button', { name: 'Test connection' }).click();
  const result = dialog.getByTestId('test-result');
  await expect(result).toContainText('Connected: ComfyUI');
  await expect(result).toContainText('DDColor_Colorize is installed');

  await url.fill(bare.url);
  await dialog.getByRole('button', { name: 'Test connection' }).click();
  await expect(result).toContainText('Missing: DDColor_Colorize');

  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  const banner = page.getByTestId('backend-banner');
  await expect(banner).toContainText(new URL(bare.url).host);
  await expect(banner).toContainText('node DDColor_Colorize is not installed');

  await page.getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByTestId('settings-dialog').getByLabel('ComfyUI URL')).toHaveValue(bare.url);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('settings-dialog')).toBeHidden();
});
