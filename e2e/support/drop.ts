// Drops files on the page the way a user's drag does: real DragEvents (dragenter → dragover →
// drop) carrying a DataTransfer that holds File objects built in the page from the bytes.
import { expect } from '@playwright/test';
import type { Page } from '@playwright/test';
import type { TestFile } from './test-photos';

export async function dropFiles(page: Page, files: readonly TestFile[]): Promise<void> {
  const payload = files.map((f) => ({ name: f.name, type: f.type, base64: f.bytes.toString('base64') }));
  const dataTransfer = await page.evaluateHandle((items) => {
    const transfer = new DataTransfer();
    for (const item of items) {
      const bytes = Uint8Array.from(atob(item.base64), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], item.name, { type: item.type }));
    }
    return transfer;
  }, payload);
  const body = page.locator('body');
  await body.dispatchEvent('dragenter', { dataTransfer });
  await expect(page.getByTestId('drop-overlay')).toBeVisible();
  await body.dispatchEvent('dragover', { dataTransfer });
  await body.dispatchEvent('drop', { dataTransfer });
  await expect(page.getByTestId('drop-overlay')).toBeHidden();
  await dataTransfer.dispose();
}

/**
 * Drops real folders from disk the way the OS does: Chromium's own drag (DevTools protocol
 * Input.dispatchDragEvent with file paths), so the page gets directory entries
 * (webkitGetAsEntry) it walks itself — a synthetic DataTransfer can only carry files.
 */
export async function dropFolders(page: Page, paths: readonly string[]): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const viewport = page.viewportSize() ?? { width: 800, height: 600 };
  const at = { x: Math.round(viewport.width / 2), y: Math.round(viewport.height / 2) };
  const data = { items: [], files: [...paths], dragOperationsMask: 1 };
  try {
    await cdp.send('Input.dispatchDragEvent', { type: 'dragEnter', ...at, data });
    await cdp.send('Input.dispatchDragEvent', { type: 'dragOver', ...at, data });
    await expect(page.getByTestId('drop-overlay')).toBeVisible();
    await cdp.send('Input.dispatchDragEvent', { type: 'drop', ...at, data });
    await expect(page.getByTestId('drop-overlay')).toBeHidden();
  } finally {
    await cdp.detach();
  }
}
