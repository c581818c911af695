// Journey 2, with the keyboard alone: pick a finished album, move through its photos, open one,
// zoom (+, 1:1, fit), pan, switch views, step to the next photo, colorize it again at another
// size, and come back to the grid where it was left.
import type { Page } from '@playwright/test';
import { writeAlbum } from '../support/album';
import { expect, test } from '../support/env';
import { hostCommand } from '../support/host-commands';
import { focusedPhoto, tabTo } from '../support/keyboard';
import { album, badge, openLibrary } from '../support/library-page';

/** The photo layer's transform as numbers (translate x, y and scale). */
async function transformOf(page: Page): Promise<{ x: number; y: number; scale: number }> {
  const transform = await page.getByTestId('compare-view').locator('.layer').first().evaluate((el: HTMLElement) => el.style.transform);
  const match = /translate\((-?[\d.e-]+)px, (-?[\d.e-]+)px\) scale\(([\d.e-]+)\)/.exec(transform);
  if (!match) throw new Error(`unexpected transform ${transform}`);
  return { x: Number(match[1]), y: Number(match[2]), scale: Number(match[3]) };
}

test('a finished album is reviewed in the compare view with the keyboard only', async ({ page, env }) => {
  const emulator = await env.startEmulator();
  const heirloom = await env.startHeirloom(emulator.url);
  // Scans larger than the screen, so that 1:1 pixels is a real zoom.
  const onDisk = await writeAlbum(env.dir, 'Grandma', ['1962/wedding.jpg', '1962/family.jpg', '1975/beach.jpg', 'cover.jpg'], { withCopy: false, width: 2400 });
  await openLibrary(page, heirloom.url);
  await hostCommand(heirloom.url, 'photos.importPaths', { paths: [onDisk.root] });
  for (const name of ['wedding.jpg', 'family.jpg', 'beach.jpg', 'cover.jpg']) await expect(badge(page, name)).toHaveText('Done', { timeout: 60_000 });

  // The album, from the sidebar.
  const albumButton = album(page, 'Grandma').getByRole('button', { name: /^Grandma/ });
  await tabTo(page, albumButton);
  await page.keyboard.press('Enter');
  await expect(albumButton).toHaveAttribute('aria-current', 'true');

  // Into the grid: one Tab stop, then arrows.
  await tabTo(page, page.locator('[data-testid="photo-card"][tabindex="0"]'));
  const firstName = await focusedPhoto(page);
  await page.keyboard.press('ArrowRight');
  const secondName = await focusedPhoto(page);
  expect(secondName).not.toBe(firstName);
  await page.keyboard.press('ArrowLeft');
  expect(await focusedPhoto(page)).toBe(firstName);

  await page.keyboard.press('Enter');
  const compare = page.getByTestId('compare-view');
  await expect(compare).toBeVisible();
  await expect(compare.getByRole('heading', { name: firstName ?? '' })).toBeVisible();
  await expect(compare.getByText('1 of 4')).toBeVisible();
  const zoomLevel = compare.getByTestId('zoom-level');
  await expect(zoomLevel).toHaveText(/^Fit · \d+%$/);

  // Zoom in, pan, 1:1, fit.
  await page.keyboard.press('+');
  await expect(zoomLevel).toHaveText(/^\d+%$/);
  const zoomed = await transformOf(page);
  expect(zoomed.scale).toBeCloseTo(1.25, 5);
  await page.keyboard.press('Shift+ArrowLeft');
  await expect.poll(async () => (await transformOf(page)).x).toBeGreaterThan(zoomed.x);
  await page.keyboard.press('0');
  await expect(zoomLevel).toHaveText(/^Fit/);
  // 1:1 waits for the full-size original (the thumbnail shows first).
  await expect(compare.getByTestId('compare-before')).toHaveAttribute('data-loaded', 'true');
  await page.keyboard.press('1');
  await expect(zoomLevel).toHaveText('100%');
  expect((await transformOf(page)).scale).toBeGreaterThan(2);

  // Side by side and back; the zoom carries over.
  await page.keyboard.press('+');
  await page.keyboard.press('s');
  await expect(compare.getByTestId('side-by-side')).toBeVisible();
  const sideLayers = compare.locator('.side-by-side .layer');
  await expect(sideLayers).toHaveCount(2);
  const [left, right] = await sideLayers.evaluateAll((layers) => layers.map((l) => (l as HTMLElement).style.transform));
  expect(left).toBe(right);
  await page.keyboard.press('s');
  await expect(compare.getByTestId('compare-slider')).toBeVisible();

  // The next photo starts fitted.
  await page.keyboard.press('ArrowRight');
  await expect(compare.getByText('2 of 4')).toBeVisible();
  await expect(compare.getByRole('heading', { name: secondName ?? '' })).toBeVisible();
  await expect(zoomLevel).toHaveText(/^Fit/);

  // Colorize it again at another size: R, the form takes the keyboard, Enter sends.
  await page.keyboard.press('r');
  const rerun = compare.getByTestId('rerun-panel');
  await expect(rerun).toBeVisible();
  await expect(rerun.getByLabel('Workflow')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(rerun.getByLabel('Model input size')).toBeFocused();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('1024');
  await page.keyboard.press('Enter');
  await expect(rerun).toBeHidden();
  await expect(page.getByTestId('notice')).toContainText('Queued to colorize again.');
  await expect(badge(page, secondName ?? '')).toHaveText('Done', { timeout: 60_000 });
  await expect(compare.getByTestId('compare-status')).toBeHidden();

  // Escape: back in the grid, on the photo looked at last.
  await page.keyboard.press('Escape');
  await expect(compare).toBeHidden();
  await expect.poll(() => focusedPhoto(page)).toBe(secondName);
});
