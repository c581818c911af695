// Journey 1 + 2: drop three old photos, watch them colorize, compare one (Chinese file name)
// with the slider and side by side. Screenshots of both screens go to e2e/artifacts/.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locator } from '@playwright/test';
import { dropFiles } from '../support/drop';
import { expect, test } from '../support/env';
import { badge, card, openLibrary, recordProgress, seenProgress } from '../support/library-page';
import { ARTIFACTS_DIR } from '../support/paths';
import { grayscalePhoto } from '../support/test-photos';

const GRANDMA = '奶奶的照片.jpg';

async function expectLoaded(image: Locator): Promise<void> {
  await expect(image).toBeVisible();
  await expect.poll(() => image.evaluate((el: HTMLImageElement) => (el.complete ? el.naturalWidth : 0))).toBeGreaterThan(0);
}

async function clipLeftPercent(image: Locator): Promise<number> {
  const clip = await image.evaluate((el: HTMLElement) => el.style.clipPath);
  const match = /^inset\(0(?:px)? 0(?:px)? 0(?:px)? ([\d.]+)%\)$/.exec(clip);
  if (!match?.[1]) throw new Error(`unexpected clip-path ${clip}`);
  return Number(match[1]);
}

test('three dropped photos are colorized and the Chinese-named one compares in both modes', async ({ page, env }) => {
  // 800 ms per photo on the emulator's DDColor: long enough for every stage to reach the screen.
  const emulator = await env.startEmulator({ serviceTimeMs: 800 });
  const heirloom = await env.startHeirloom(emulator.url);
  const photos = await Promise.all([grayscalePhoto(GRANDMA, 1), grayscalePhoto('wedding 1962.jpg', 2), grayscalePhoto('harbour.jpg', 3)]);
  await recordProgress(page);
  await openLibrary(page, heirloom.url);
  await expect(page.getByTestId('backend-banner')).toContainText('ComfyUI');

  await dropFiles(page, photos);

  await expect(page.getByTestId('photo-card')).toHaveCount(3);
  for (const photo of photos) await expectLoaded(card(page, photo.name).getByRole('img', { name: photo.name }));
  for (const photo of photos) await expect(badge(page, photo.name)).toHaveText('Done', { timeout: 60_000 });
  const seen = await seenProgress(page);
  test.info().annotations.push({ type: 'states shown', description: seen.badges.join(' → ') });
  expect(seen.badges.filter((text) => /^Colorizing \d+%$/.test(text)), `badges seen: ${seen.badges.join(', ')}`).not.toHaveLength(0);
  expect(seen.progressBars).toBeGreaterThan(0);
  await page.screenshot({ path: join(ARTIFACTS_DIR, 'library.png') });

  const outputs = await readdir(env.outDir, { recursive: true });
  expect(outputs.filter((file) => file.includes('奶奶的照片')), `output folder: ${outputs.join(', ')}`).toHaveLength(1);

  await card(page, GRANDMA).getByRole('button', { name: `Compare ${GRANDMA}` }).click();
  const compare = page.getByTestId('compare-view');
  await expect(compare).toBeVisible();
  await expect(compare.getByRole('heading', { name: GRANDMA })).toBeVisible();
  const after = compare.getByTestId('compare-after');
  await expectLoaded(compare.getByTestId('compare-before'));
  await expectLoaded(after);

  // Slider: a pointer drag on the photo moves the divider and the after-image's clip with it.
  const range = compare.getByTestId('compare-range');
  await expect(range).toHaveValue('50');
  expect(await clipLeftPercent(after)).toBe(50);
  const box = await compare.getByTestId('compare-frame').boundingBox();
  if (box === null) throw new Error('the compare frame has no box');
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.25, box.y + box.height / 2, { steps: 6 });
  await page.mouse.up();
  const dragged = Number(await range.inputValue());
  expect(dragged).toBeGreaterThan(23);
  expect(dragged).toBeLessThan(27);
  expect(await clipLeftPercent(after)).toBeCloseTo(dragged, 5);
  await page.screenshot({ path: join(ARTIFACTS_DIR, 'compare-slider.png') });

  // …and the keyboard: the focused range takes the arrow keys.
  await range.focus();
  await page.keyboard.press('ArrowRight');
  await expect(range).toHaveValue(String(Math.round(dragged) + 1));
  expect(await clipLeftPercent(after)).toBe(Math.round(dragged) + 1);
  await page.keyboard.press('Shift+ArrowLeft');
  await expect(range).toHaveValue(String(Math.round(dragged) - 9));

  await compare.getByRole('button', { name: 'Side by side' }).click();
  const sideBySide = compare.getByTestId('side-by-side');
  await expect(sideBySide).toBeVisible();
  await expectLoaded(sideBySide.getByTestId('side-before'));
  await expectLoaded(sideBySide.getByTestId('side-after'));
  await page.screenshot({ path: join(ARTIFACTS_DIR, 'compare.png') });

  // ←/→ step to the neighbouring photo (focus is on a button, not the range).
  const counter = compare.getByText(/^\d of 3$/);
  const index = Number((await counter.textContent())?.split(' ')[0]);
  await page.keyboard.press(index < 3 ? 'ArrowRight' : 'ArrowLeft');
  await expect(counter).toHaveText(`${index < 3 ? index + 1 : index - 1} of 3`);
  await expect(compare.getByRole('heading', { name: GRANDMA })).toBeHidden();

  await page.keyboard.press('Escape');
  await expect(compare).toBeHidden();
  await expect(page.getByTestId('photo-card')).toHaveCount(3);
});
