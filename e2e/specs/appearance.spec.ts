// Languages, themes and the first run. A Chinese, dark OS gets the Chinese dark UI by itself,
// including the set-up guide while no ComfyUI answers (photos dropped meanwhile wait, then
// complete). The settings switch to English and light at once and keep it after a reload; the
// core's validation messages appear next to their field. Screenshots of the library and the
// compare view in zh-CN dark and en light are kept in e2e/artifacts/.
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { dropFiles } from '../support/drop';
import { expect, test } from '../support/env';
import { badge, openLibrary } from '../support/library-page';
import { ARTIFACTS_DIR } from '../support/paths';
import { grayscalePhoto } from '../support/test-photos';

async function expectLoaded(image: Locator): Promise<void> {
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((el: HTMLImageElement) => (el.complete ? el.naturalWidth : 0))).toBeGreaterThan(0);
}

/** Relative luminance (0 black … 1 white) of the page background. */
async function backgroundLuminance(page: Page): Promise<number> {
  const rgb = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const [r = 0, g = 0, b = 0] = (rgb.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

async function screenshotLibraryAndCompare(page: Page, suffix: string, compareName: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS_DIR, `library-${suffix}.png`) });
  await page.getByRole('button', { name: compareName }).click();
  const compare = page.getByTestId('compare-view');
  await expectLoaded(compare.getByTestId('compare-before'));
  await expectLoaded(compare.getByTestId('compare-after'));
  await page.screenshot({ path: join(ARTIFACTS_DIR, `compare-${suffix}.png`) });
  await page.keyboard.press('Escape');
  await expect(compare).toBeHidden();
}

test.describe('on a Chinese, dark system', () => {
  test.use({ locale: 'zh-CN', colorScheme: 'dark' });

  test('the UI is Chinese and dark; without ComfyUI a guide explains the set-up and dropped photos wait', async ({ page, env }) => {
    const port = await env.freePort();
    const heirloom = await env.startHeirloom(`http://127.0.0.1:${port}`);
    await openLibrary(page, heirloom.url);
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    expect(await backgroundLuminance(page)).toBeLessThan(0.2);
    await expect(page.getByTestId('empty-state').getByRole('heading')).toHaveText('让老照片重新焕发色彩');

    const guide = page.getByTestId('first-run-guide');
    await expect(guide.getByRole('heading', { level: 2 })).toHaveText('开始上色前，先把 ComfyUI 准备好');
    await expect(guide).toContainText('kijai');
    await expect(guide).toContainText('python main.py --listen 0.0.0.0 --port 8188');
    await expect(guide.getByRole('link', { name: 'GitHub 上的 ComfyUI-DDColor' })).toHaveAttribute('href', 'https://github.com/kijai/ComfyUI-DDColor');

    const photos = await Promise.all([grayscalePhoto('外婆 1958.jpg', 11), grayscalePhoto('老房子.jpg', 12), grayscalePhoto('全家福 1976.jpg', 13)]);
    await dropFiles(page, photos);
    for (const photo of photos) await expect(badge(page, photo.name)).toHaveText('排队中');
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'first-run-zh-CN-dark.png') });

    // Hiding the guide leaves a way back in the status banner.
    await guide.getByRole('button', { name: '收起设置指南' }).click();
    await expect(guide).toBeHidden();
    await page.getByRole('button', { name: '怎样设置 ComfyUI' }).click();
    await expect(page.getByTestId('first-run-guide')).toBeVisible();

    await env.startEmulator({ port });
    for (const photo of photos) await expect(badge(page, photo.name)).toHaveText('已完成', { timeout: 60_000 });
    await expect(page.getByTestId('summary')).toContainText('共 3 张照片');
    await page.getByTestId('first-run-guide').getByRole('button', { name: '收起设置指南' }).click();
    await screenshotLibraryAndCompare(page, 'zh-CN-dark', '对比查看 外婆 1958.jpg');
  });
});

test.describe('switched in the settings', () => {
  test.use({ locale: 'zh-CN', colorScheme: 'dark' });

  test('English and light apply at once and stay; output settings show the core’s messages by their field', async ({ page, env }) => {
    const emulator = await env.startEmulator();
    const heirloom = await env.startHeirloom(emulator.url);
    await openLibrary(page, heirloom.url);
    await expect(page.getByRole('button', { name: '添加照片' }).first()).toBeVisible();

    await page.getByRole('button', { name: '设置', exact: true }).click();
    const dialog = page.getByTestId('settings-dialog');
    await dialog.getByRole('tab', { name: '外观' }).click();
    await dialog.getByLabel('语言').selectOption('en');
    await expect(dialog.getByRole('tab', { name: 'Appearance' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await dialog.getByRole('radio', { name: 'Light' }).check();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    expect(await backgroundLuminance(page)).toBeGreaterThan(0.8);

    // Output: a local check as you type, the core's own message for what only it knows, then saved.
    await dialog.getByRole('tab', { name: 'Output' }).click();
    const naming = dialog.getByLabel('File names');
    await naming.fill('copy');
    await expect(dialog.getByTestId('error-namingPattern')).toHaveText('The pattern must contain {name}, or every copy would get the same name.');
    await naming.fill(`{name} ${'x'.repeat(200)}`);
    await naming.press('Enter');
    await expect(dialog.getByTestId('error-namingPattern')).toContainText('200');
    await naming.fill('{name} (in colour)');
    await expect(dialog.getByText('Example: Grandma 1952 (in colour).png')).toBeVisible();
    await naming.press('Enter');
    await expect(dialog.getByTestId('save-status')).toHaveText('Saved');
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();

    const photos = await Promise.all([grayscalePhoto('grandma 1958.jpg', 14), grayscalePhoto('the old house.jpg', 15), grayscalePhoto('family 1976.jpg', 16)]);
    await dropFiles(page, photos);
    for (const photo of photos) await expect(badge(page, photo.name)).toHaveText('Done', { timeout: 60_000 });
    await screenshotLibraryAndCompare(page, 'en-light', 'Compare grandma 1958.jpg');

    // The choice lives in the library's settings: a reload (or another window) keeps it.
    await page.reload();
    await expect(page.getByRole('button', { name: 'Add photos' }).first()).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  });
});
