// "Nothing is lost": when the host restarts, the page says it lost the connection, reconnects
// by itself, reloads the library from the restarted host and follows live updates again.
import { dropFiles } from '../support/drop';
import { expect, test } from '../support/env';
import { badge, openLibrary } from '../support/library-page';
import { grayscalePhoto } from '../support/test-photos';

test('after a host restart the page reconnects and shows the same library, live', async ({ page, env }) => {
  const emulator = await env.startEmulator();
  const first = await env.startHeirloom(emulator.url);
  await openLibrary(page, first.url);
  await dropFiles(page, [await grayscalePhoto('before-restart.jpg', 7)]);
  await expect(badge(page, 'before-restart.jpg')).toHaveText('Done', { timeout: 60_000 });

  await first.stop();
  const banner = page.getByTestId('connection-banner');
  await expect(banner).toContainText('Lost the connection to Heirloom');

  await env.startHeirloom(emulator.url, { port: Number(new URL(first.url).port) });
  // Reconnect delays are capped at 10 s.
  await expect(banner).toBeHidden({ timeout: 20_000 });
  await expect(badge(page, 'before-restart.jpg')).toHaveText('Done');

  // The "Add photos" picker is the other way in.
  const picked = await grayscalePhoto('after-restart.jpg', 8);
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Add photos' }).first().click();
  await (await chooser).setFiles([{ name: picked.name, mimeType: picked.type, buffer: picked.bytes }]);
  await expect(badge(page, 'after-restart.jpg')).toHaveText('Done', { timeout: 60_000 });
});
