// The compare view's variants, accept and reject, with the keyboard: a photo colorized at 512 and
// again at 1024 shows both results on a strip; picking the 512 one and accepting it makes it the
// photo's result, rejecting the 1024 one offers to colorize again, and both verdicts survive a
// reload of the page.
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { writeAlbum } from '../support/album';
import { expect, test } from '../support/env';
import { hostCommand } from '../support/host-commands';
import { badge, card, openLibrary } from '../support/library-page';
import { ARTIFACTS_DIR } from '../support/paths';

/** The compare view of `name`, opened from its card with the keyboard. */
async function openCompare(page: Page, name: string) {
  await card(page, name).focus();
  await page.keyboard.press('Enter');
  const compare = page.getByTestId('compare-view');
  await expect(compare).toBeVisible();
  return compare;
}

test('two results of one photo: pick the 512 one, accept it, reject the other; kept after a reload', async ({ page, env }) => {
  const emulator = await env.startEmulator();
  const heirloom = await env.startHeirloom(emulator.url);
  const onDisk = await writeAlbum(env.dir, 'Grandpa', ['harbour 1958.jpg'], { withCopy: false });
  await openLibrary(page, heirloom.url);
  await hostCommand(heirloom.url, 'photos.importPaths', { paths: [onDisk.root] });
  await expect(badge(page, 'harbour 1958.jpg')).toHaveText('Done', { timeout: 60_000 });

  let compare = await openCompare(page, 'harbour 1958.jpg');
  await expect(compare.getByTestId('review-state')).toHaveText('Not reviewed yet');
  await expect(compare.getByTestId('variant-strip'), 'one result: no strip').toHaveCount(0);

  // Colorize again at 1024 from the compare view.
  await page.keyboard.press('r');
  const rerun = compare.getByTestId('rerun-panel');
  await page.keyboard.press('Tab');
  await expect(rerun.getByLabel('Model input size')).toBeFocused();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('1024');
  await page.keyboard.press('Enter');
  await expect(rerun).toBeHidden();

  // Two variants once it is done; the newest is on screen.
  const strip = compare.getByRole('radiogroup', { name: 'Results of this photo' });
  await expect(strip.getByRole('radio')).toHaveCount(2, { timeout: 60_000 });
  const small = strip.getByRole('radio', { name: /Model input size 512/ });
  const large = strip.getByRole('radio', { name: /Model input size 1024/ });
  await expect(large).toHaveAttribute('aria-checked', 'true');
  const [smallJob, largeJob] = [await small.getAttribute('data-job-id'), await large.getAttribute('data-job-id')];
  expect(smallJob).not.toBe(largeJob);
  const after = compare.getByTestId('compare-after');
  await expect(after).toHaveAttribute('src', new RegExp(`/result/${largeJob}$`));
  await expect(after).toHaveAttribute('data-loaded', 'true');

  // [ picks the 512 result; A accepts it.
  await page.keyboard.press('[');
  await expect(small).toHaveAttribute('aria-checked', 'true');
  await expect(after).toHaveAttribute('src', new RegExp(`/result/${smallJob}$`));
  await expect(after).toHaveAttribute('data-loaded', 'true');
  await page.keyboard.press('a');
  await expect(compare.getByTestId('review-state')).toHaveText('Accepted: Model input size 512');
  await expect(small).toHaveAttribute('data-review', 'accepted');
  await expect(compare.getByRole('button', { name: 'Accept' })).toHaveAttribute('aria-pressed', 'true');
  await page.screenshot({ path: join(ARTIFACTS_DIR, 'compare-variants.png') });

  // ] back to 1024; X rejects it and opens "colorize again"; Escape closes only that form.
  await page.keyboard.press(']');
  await expect(large).toHaveAttribute('aria-checked', 'true');
  await page.keyboard.press('x');
  await expect(large).toHaveAttribute('data-review', 'rejected');
  await expect(rerun).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(rerun).toBeHidden();
  await expect(compare).toBeVisible();
  await expect(compare.getByTestId('review-state')).toHaveText('Accepted: Model input size 512', { timeout: 1_000 });

  // Back in the grid, the photo carries the review mark (photo.updated brings it), named in its cell.
  await page.keyboard.press('Escape');
  await expect(compare).toBeHidden();
  const card = page.locator('[data-testid="photo-card"][data-photo-name="harbour 1958.jpg"]');
  await expect(card.getByTestId('review-mark')).toHaveAttribute('data-review', 'accepted');
  await expect(card).toHaveAttribute('aria-label', /^harbour 1958\.jpg, .+, Accepted$/);

  // A reload: the accepted 512 result is the photo's result, the 1024 one stays rejected.
  await page.reload();
  await expect(badge(page, 'harbour 1958.jpg')).toHaveText('Done');
  await expect(card.getByTestId('review-mark'), 'the mark comes with the photo').toHaveAttribute('data-review', 'accepted');
  compare = await openCompare(page, 'harbour 1958.jpg');
  await expect(compare.getByTestId('review-state')).toHaveText('Accepted: Model input size 512');
  await expect(strip.getByRole('radio', { name: /Model input size 512/ })).toHaveAttribute('aria-checked', 'true');
  await expect(strip.getByRole('radio', { name: /Model input size 512/ })).toHaveAttribute('data-review', 'accepted');
  await expect(strip.getByRole('radio', { name: /Model input size 1024/ })).toHaveAttribute('data-review', 'rejected');
  await expect(compare.getByTestId('compare-after')).toHaveAttribute('src', new RegExp(`/result/${smallJob}$`));
  await expect(compare.getByTestId('compare-after')).toHaveAttribute('data-loaded', 'true');

  // The core agrees: the photo's own result is the accepted one.
  const listed = (await hostCommand(heirloom.url, 'photos.page', { limit: 10 })) as { photos: { id: string }[] };
  const results = (await hostCommand(heirloom.url, 'photos.results', { photoId: listed.photos[0]?.id ?? '' })) as { favoriteJobId: string | null };
  expect(results.favoriteJobId).toBe(smallJob);
});
