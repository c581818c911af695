// What the specs ask of the library page, by test id and accessible name only.
import { expect } from '@playwright/test';
import type { Locator, Page } from '@playwright/test';

export function card(page: Page, name: string): Locator {
  return page.locator(`[data-testid="photo-card"][data-photo-name="${name}"]`);
}

export function badge(page: Page, name: string): Locator {
  return card(page, name).getByTestId('state-badge');
}

export async function openLibrary(page: Page, url: string): Promise<void> {
  await page.goto(url);
  // The first full load is done when either the empty state or the grid is shown.
  await expect(page.getByTestId('empty-state').or(page.getByTestId('photo-grid'))).toBeVisible();
}

/**
 * Records, from the first paint on, every text any state badge shows and whether a progress
 * bar appeared. Progress can be brief with a fast emulator, so the specs check the record rather
 * than racing to catch the live label.
 */
export async function recordProgress(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen = { badges: [] as string[], progressBars: 0 };
    (window as unknown as { __heirloomSeen: typeof seen }).__heirloomSeen = seen;
    new MutationObserver(() => {
      document.querySelectorAll('[data-testid="state-badge"]').forEach((el) => {
        const text = el.textContent ?? '';
        if (!seen.badges.includes(text)) seen.badges.push(text);
      });
      seen.progressBars = Math.max(seen.progressBars, document.querySelectorAll('[data-testid="progress"]').length);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
}

export async function seenProgress(page: Page): Promise<{ badges: string[]; progressBars: number }> {
  return page.evaluate(() => (window as unknown as { __heirloomSeen: { badges: string[]; progressBars: number } }).__heirloomSeen);
}

export function album(page: Page, name: string): Locator {
  return page.locator(`[data-testid="album"][data-album-name="${name}"]`);
}

/** Records every OS notification the page shows (the page's Notification replaced by a recorder, permission granted). */
export async function recordNotifications(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const shown: { title: string; body: string }[] = [];
    (window as unknown as { __heirloomNotifications: typeof shown }).__heirloomNotifications = shown;
    class RecordingNotification {
      static permission = 'granted';
      static requestPermission = () => Promise.resolve('granted');
      onclick: (() => void) | null = null;
      constructor(title: string, options?: { body?: string }) {
        shown.push({ title, body: options?.body ?? '' });
      }
    }
    Object.defineProperty(window, 'Notification', { value: RecordingNotification, configurable: true });
  });
}

export async function notifications(page: Page): Promise<{ title: string; body: string }[]> {
  return page.evaluate(() => (window as unknown as { __heirloomNotifications: { title: string; body: string }[] }).__heirloomNotifications);
}
