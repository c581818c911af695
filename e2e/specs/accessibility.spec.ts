// Every control has an accessible name: the library (cards done, failed, selected), the compare
// view with its re-run form, and each tab of the settings; in English and in Chinese.
import { unnamedControls } from '../support/a11y';
import { dropFiles } from '../support/drop';
import { expect, test } from '../support/env';
import { badge, card, openLibrary } from '../support/library-page';
import { grayscalePhoto } from '../support/test-photos';

for (const locale of ['en-US', 'zh-CN'] as const) {
  test.describe(locale, () => {
    test.use({ locale });

    test('every control of the library, the compare view and the settings has an accessible name', async ({ page, env }) => {
      const port = await env.freePort();
      const bare = await env.startEmulator({ port, omitNodes: ['DDColor_Colorize'] });
      const heirloom = await env.startHeirloom(bare.url);
      await openLibrary(page, heirloom.url);
      // The check itself finds an icon button without a name.
      await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<button id="nameless"><svg width="8" height="8"></svg></button>'));
      expect(await unnamedControls(page)).toEqual(['button: <button id="nameless"><svg width="8" height="8"></svg></button>']);
      await page.evaluate(() => document.getElementById('nameless')?.remove());
      await dropFiles(page, [await grayscalePhoto('a.jpg', 50), await grayscalePhoto('b.jpg', 51)]);
      await expect(page.getByTestId('state-badge').filter({ hasText: /Failed|失败/ })).toHaveCount(2, { timeout: 60_000 });
      // One photo done, one failed; one selected.
      await bare.close();
      await env.startEmulator({ port });
      await card(page, 'a.jpg').getByTestId('retry').click();
      await expect(badge(page, 'a.jpg')).toHaveText(/Done|已完成/, { timeout: 60_000 });
      await card(page, 'b.jpg').click({ modifiers: ['ControlOrMeta'] });
      expect(await unnamedControls(page)).toEqual([]);

      await card(page, 'a.jpg').locator('.thumb-open').click();
      await expect(page.getByTestId('compare-view')).toBeVisible();
      await page.keyboard.press('r');
      await expect(page.getByTestId('rerun-panel')).toBeVisible();
      expect(await unnamedControls(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await page.keyboard.press('s');
      await expect(page.getByTestId('side-by-side')).toBeVisible();
      expect(await unnamedControls(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await expect(page.getByTestId('compare-view')).toBeHidden();

      await page.locator('.topbar').getByRole('button').last().click();
      const dialog = page.getByTestId('settings-dialog');
      for (const tab of await dialog.getByRole('tab').all()) {
        await tab.click();
        expect(await unnamedControls(page), `tab ${await tab.textContent()}`).toEqual([]);
      }
    });
  });
}
