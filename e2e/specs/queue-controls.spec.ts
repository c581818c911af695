// The queue's controls: pause and resume everything (the photo in hand finishes, the others
// wait), put photos first, and retry failed photos one at a time, a selection, or all at once.
import { dropFiles } from '../support/drop';
import { expect, test } from '../support/env';
import { badge, card, openLibrary } from '../support/library-page';
import { grayscalePhoto } from '../support/test-photos';

const ACTIVE = /Colorizing|Uploading|Waiting|Starting|Downloading|Saving/;

test('pause all stops the queue after the photos in hand; resume finishes the rest; a photo put first runs next', async ({ page, env }) => {
  // Each prompt holds the backend for 3 s: long enough to tell "started at once" from "started
  // after another photo's turn", whatever the machine's speed.
  const emulator = await env.startEmulator({ serviceTimeMs: 3000 });
  const heirloom = await env.startHeirloom(emulator.url);
  await openLibrary(page, heirloom.url);
  // Enough photos that several wait behind the ones in hand when the queue is paused.
  const photos = await Promise.all(['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'].map((name, i) => grayscalePhoto(`${name}.jpg`, 20 + i)));
  await dropFiles(page, photos);

  await expect(page.getByTestId('state-badge').filter({ hasText: ACTIVE }).first()).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Pause all' }).click();
  await expect(page.getByRole('button', { name: 'Resume all' })).toBeVisible();
  // What had started finishes; nothing new starts while paused.
  await expect(page.getByTestId('state-badge').filter({ hasText: ACTIVE })).toHaveCount(0, { timeout: 30_000 });
  const paused = page.getByTestId('state-badge').filter({ hasText: 'Paused' });
  const pausedCount = await paused.count();
  expect(pausedCount).toBeGreaterThan(1);
  await expect(page.getByTestId('scope-all').getByTestId('scope-status')).toHaveText(`Paused · ${pausedCount} waiting`);

  // Put first the waiting photo that was dropped last, which the queue would otherwise take last:
  // it is the next to run.
  const pausedNames = await page
    .getByTestId('photo-card')
    .filter({ has: paused })
    .evaluateAll((cards) => cards.map((c) => c.getAttribute('data-photo-name') ?? ''));
  const dropped = photos.map((photo) => photo.name);
  const first = pausedNames.reduce((latest, name) => (dropped.indexOf(name) > dropped.indexOf(latest) ? name : latest));
  await card(page, first).click({ modifiers: ['ControlOrMeta'] });
  await expect(page.getByTestId('selection-bar')).toContainText('1 selected');
  await page.getByTestId('selection-bar').getByRole('button', { name: 'Colorize first' }).click();
  await expect(page.getByTestId('notice')).toHaveText(/1 photo moved to the front of the queue\./);
  const doneBefore = await page.getByTestId('state-badge').filter({ hasText: 'Done' }).count();

  await page.getByRole('button', { name: 'Resume all' }).click();
  // It is claimed in the first round after the resume: it starts at once, before the backend has
  // finished any other photo (a photo claimed in a later round starts ≥ 3 s later). Counting the
  // photos done when it is done no longer tells this: a chroma photo hands its backend slot on
  // at download, so others may finish while it is rebuilt and saved.
  await expect(badge(page, first)).toHaveText(ACTIVE, { timeout: 2_000 });
  expect(await page.getByTestId('state-badge').filter({ hasText: 'Done' }).count()).toBe(doneBefore);
  await expect(badge(page, first)).toHaveText('Done', { timeout: 60_000 });
  for (const photo of photos) await expect(badge(page, photo.name)).toHaveText('Done', { timeout: 60_000 });
  await expect(page.getByRole('button', { name: 'Pause all' })).toBeHidden();
});

test('failed photos are retried one, a selection, then all; each completes', async ({ page, env }) => {
  // A ComfyUI without the DDColor node fails every photo; the same address then gets one with it.
  const port = await env.freePort();
  const bare = await env.startEmulator({ port, omitNodes: ['DDColor_Colorize'] });
  const heirloom = await env.startHeirloom(bare.url);
  await openLibrary(page, heirloom.url);
  const names = ['a.jpg', 'b.jpg', 'c.jpg', 'd.jpg', 'e.jpg'];
  await dropFiles(page, await Promise.all(names.map((name, i) => grayscalePhoto(name, 30 + i))));
  for (const name of names) await expect(badge(page, name)).toHaveText('Failed', { timeout: 60_000 });
  await expect(page.getByTestId('filter-failed')).toContainText('5');

  await bare.close();
  await env.startEmulator({ port });

  // One: its own Retry button.
  await card(page, 'a.jpg').getByRole('button', { name: 'Retry a.jpg' }).click();
  await expect(badge(page, 'a.jpg')).toHaveText('Done', { timeout: 60_000 });

  // A selection: the Failed filter, two photos picked with the keyboard (Space, Shift+→), R.
  await page.getByTestId('filter-failed').click();
  await expect(page.getByTestId('photo-card')).toHaveCount(4);
  const firstShown = page.getByTestId('photo-card').first();
  await firstShown.focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('Shift+ArrowRight');
  await expect(page.getByTestId('selection-bar')).toContainText('2 selected');
  const picked = await page.getByTestId('photo-card').evaluateAll((cards) => cards.filter((c) => c.getAttribute('aria-selected') === 'true').map((c) => c.getAttribute('data-photo-name') ?? ''));
  await page.keyboard.press('r');
  await page.getByTestId('filter-all').click();
  for (const name of picked) await expect(badge(page, name)).toHaveText('Done', { timeout: 60_000 });
  await expect(page.getByTestId('filter-failed')).toContainText('2');

  // All the rest: the top bar's Retry all failed.
  await page.getByRole('button', { name: 'Retry all failed' }).click();
  for (const name of names) await expect(badge(page, name)).toHaveText('Done', { timeout: 60_000 });
  await expect(page.getByRole('button', { name: 'Retry all failed' })).toBeHidden();
});
