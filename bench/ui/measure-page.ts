// One page load and one scroll from the top of the grid to the bottom, measured inside Chromium
// with PerformanceObserver: the grid's "painted" mark (set by the app two animation frames after
// its first rows commit, i.e. once they are on screen) and every long task (> 50 ms, the
// browser's own definition) that starts after the scroll begins. The scroll moves the library's scroll
// container by a fixed step per animation frame, so every run asks the same of the page.
import type { Browser } from 'playwright';

/** renderer/views/library/PhotoGrid.tsx GRID_PAINTED_MARK (the bench does not build the renderer). */
export const GRID_PAINTED_MARK = 'heirloom:grid-painted';
/** renderer/views/library/PhotoGrid.tsx LIBRARY_COMPLETE_MARK: every page of photos is in. */
export const LIBRARY_COMPLETE_MARK = 'heirloom:library-complete';

export interface PageMeasurement {
  /** From navigation start to the first painted grid. */
  firstPaintMs: number;
  /** From navigation start to the whole library loaded (the first page shows first, the rest follows). */
  completeMs: number;
  longTasks: number;
  /** The longest of them, 0 when none. */
  longestTaskMs: number;
  scrolledPx: number;
  frames: number;
  /** Longest gap between two animation frames while scrolling. */
  maxFrameMs: number;
  cardsAtEnd: number;
}

declare global {
  interface Window {
    __uiBench?: { gridPaint: number | null; complete: number | null; longTasks: { start: number; duration: number }[] };
  }
}

export async function measurePage(browser: Browser, url: string, step: number): Promise<PageMeasurement> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 820 }, locale: 'en-US', colorScheme: 'dark' });
  try {
    const page = await context.newPage();
    // tsx compiles this file with esbuild's keepNames, which wraps the named functions inside the
    // callbacks below in a `__name(fn, "name")` helper that only exists in Node: give the page one.
    await page.addInitScript({ content: 'globalThis.__name ??= (fn) => fn;' });
    await page.addInitScript(({ mark, completeMark }) => {
      const bench: NonNullable<Window['__uiBench']> = { gridPaint: null, complete: null, longTasks: [] };
      window.__uiBench = bench;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) bench.longTasks.push({ start: entry.startTime, duration: entry.duration });
      }).observe({ type: 'longtask', buffered: true });
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          if (entry.name === mark && bench.gridPaint === null) bench.gridPaint = entry.startTime;
          if (entry.name === completeMark && bench.complete === null) bench.complete = entry.startTime;
        }
      }).observe({ type: 'mark', buffered: true });
    }, { mark: GRID_PAINTED_MARK, completeMark: LIBRARY_COMPLETE_MARK });
    await page.goto(url);
    await page.waitForFunction(() => window.__uiBench?.gridPaint !== null, undefined, { timeout: 60_000 });
    const firstPaintMs = await page.evaluate(() => window.__uiBench?.gridPaint ?? -1);
    // The scroll runs over the whole library: after its last page is in.
    await page.waitForFunction(() => window.__uiBench?.complete !== null, undefined, { timeout: 120_000 });
    const completeMs = await page.evaluate(() => window.__uiBench?.complete ?? -1);

    const scroll = await page.evaluate(
      (px) =>
        new Promise<{ start: number; scrolledPx: number; frames: number; maxFrameMs: number; cards: number }>((resolve) => {
          const main = document.querySelector('main');
          if (main === null) throw new Error('no <main> scroll container');
          const start = performance.now();
          let frames = 0;
          let last = start;
          let maxFrameMs = 0;
          const tick = (now: number) => {
            frames++;
            maxFrameMs = Math.max(maxFrameMs, now - last);
            last = now;
            const bottom = main.scrollHeight - main.clientHeight;
            if (main.scrollTop >= bottom - 1) {
              // Two more frames so the last rows render (and any task they cause is seen).
              requestAnimationFrame(() =>
                requestAnimationFrame(() => resolve({ start, scrolledPx: main.scrollTop, frames, maxFrameMs, cards: document.querySelectorAll('[data-testid="photo-card"]').length })),
              );
              return;
            }
            main.scrollTop = Math.min(bottom, main.scrollTop + px);
            requestAnimationFrame(tick);
          };
          requestAnimationFrame(tick);
        }),
      step,
    );
    const tasks = await page.evaluate((since) => (window.__uiBench?.longTasks ?? []).filter((task) => task.start >= since), scroll.start);
    return {
      firstPaintMs,
      completeMs,
      longTasks: tasks.length,
      longestTaskMs: Math.max(0, ...tasks.map((task) => task.duration)),
      scrolledPx: scroll.scrolledPx,
      frames: scroll.frames,
      maxFrameMs: scroll.maxFrameMs,
      cardsAtEnd: scroll.cards,
    };
  } finally {
    await context.close();
  }
}
