// The library grid, virtualized by rows: only the rows in view (plus a few) are in the DOM, so
// 10,000 photos scroll without long tasks (see `npm run bench -- ui`). Rows have one fixed height
// per width (a 4:3 thumbnail plus a two-line caption). Keyboard: arrows, Home/End (Ctrl: first/
// last), PageUp/PageDown move the focus; Shift extends the selection; Space toggles it; Enter
// compares; Ctrl/Cmd+A selects all shown; Escape clears; R retries; Delete cancels.
import { defaultRangeExtractor, useVirtualizer } from '@tanstack/react-virtual';
import type { Range } from '@tanstack/react-virtual';
import { useContext, useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { PhotoCard } from '../../components/PhotoCard';
import { useT } from '../../i18n/use-t';
import { useApp, useAppStore } from '../../store/context';
import { columnsFor, gridMove, isGridKey } from './grid-nav';
import { ScrollContainerContext } from './scroll-container';

/** Narrowest card: two columns fit a 720 px window beside the sidebar. */
export const MIN_CARD_PX = 200;
export const GAP_PX = 16;
/** Caption under the thumbnail: name and one line of detail. */
export const CAPTION_PX = 58;
const OVERSCAN_ROWS = 3;
/**
 * Set once the grid's first rows are on screen: `npm run bench -- ui` reads it with a
 * PerformanceObserver (Chromium's Element Timing does not report text painted after load).
 */
export const GRID_PAINTED_MARK = 'heirloom:grid-painted';
/** Set once every page of the library is in and painted: the bench scrolls only after it. */
export const LIBRARY_COMPLETE_MARK = 'heirloom:library-complete';
/**
 * Faster than this (px/ms; 2.5 ≈ three screens a second) the grid is flung, not read: cards that
 * appear wait with their thumbnails until the scroll has been still for FLING_SETTLE_MS. Dragging
 * the scrollbar through 10,000 photos would otherwise fetch and decode every thumbnail it passes.
 */
const FLING_PX_PER_MS = 2.5;
const FLING_SETTLE_MS = 120;

function offsetWithin(element: HTMLElement, container: HTMLElement): number {
  return element.getBoundingClientRect().top - container.getBoundingClientRect().top + container.scrollTop;
}

export function PhotoGrid({ ids }: { ids: readonly string[] }) {
  const t = useT();
  const scrollElement = useContext(ScrollContainerContext);
  const gridRef = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [scrollMargin, setScrollMargin] = useState(0);
  const focusedId = useApp((s) => s.focusedId);
  const complete = useApp((s) => s.complete);
  const store = useAppStore();
  const viewKind = useApp((s) => s.view.kind);
  const focus = useApp((s) => s.focus);
  const select = useApp((s) => s.select);
  const selectAll = useApp((s) => s.selectAll);
  const clearSelection = useApp((s) => s.clearSelection);
  const openCompare = useApp((s) => s.openCompare);
  const retry = useApp((s) => s.retry);
  const cancel = useApp((s) => s.cancel);
  /** Set by a keyboard move: the focused cell takes the DOM focus once it is rendered. */
  const moveFocus = useRef(false);
  const [flinging, setFlinging] = useState(false);
  const motion = useRef({ offset: 0, at: 0, settle: 0 });
  useEffect(() => () => window.clearTimeout(motion.current.settle), []);

  // Width (columns) and where the grid starts in the scroll container (banners above it grow
  // and shrink); both observed, never read during render.
  useEffect(() => {
    const grid = gridRef.current;
    if (grid === null || scrollElement === null) return;
    const measure = () => {
      setWidth(grid.clientWidth);
      setScrollMargin(offsetWithin(grid, scrollElement));
    };
    const observer = new ResizeObserver(measure);
    observer.observe(grid);
    for (const child of Array.from(scrollElement.children)) observer.observe(child);
    return () => observer.disconnect();
  }, [scrollElement]);

  const columns = columnsFor(width, MIN_CARD_PX, GAP_PX);
  const cardWidth = width > 0 ? (width - GAP_PX * (columns - 1)) / columns : MIN_CARD_PX;
  const rowHeight = Math.round((cardWidth * 3) / 4 + CAPTION_PX + GAP_PX);
  const rowCount = Math.ceil(ids.length / columns);
  const focusedIndex = focusedId === null ? -1 : ids.indexOf(focusedId);
  const activeIndex = Math.max(0, focusedIndex);
  const activeId = ids[activeIndex];
  const activeRow = Math.floor(activeIndex / columns);

  // eslint-disable-next-line react-hooks/incompatible-library -- TanStack Virtual hands out new functions on every render, which the React Compiler cannot memoize; Heirloom does not use the compiler, and the hook is used as the library documents.
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => scrollElement,
    estimateSize: () => rowHeight,
    overscan: OVERSCAN_ROWS,
    scrollMargin,
    // Rows render in React's own time, not synchronously inside each scroll event: measured with
    // `npm run bench -- ui`, flushSync made every scroll event a long task on a 2-core machine.
    useFlushSync: false,
    onChange: (instance) => {
      const now = performance.now();
      const offset = instance.scrollOffset ?? 0;
      const last = motion.current;
      const speed = now > last.at ? Math.abs(offset - last.offset) / (now - last.at) : 0;
      motion.current = { offset, at: now, settle: last.settle };
      if (speed > FLING_PX_PER_MS) setFlinging(true);
      window.clearTimeout(last.settle);
      motion.current.settle = window.setTimeout(() => setFlinging(false), FLING_SETTLE_MS);
    },
    // The focused row stays rendered even when scrolled away, so the focus never falls out of the grid.
    rangeExtractor: (range: Range) => {
      const rows = defaultRangeExtractor(range);
      return activeRow < rowCount && !rows.includes(activeRow) ? [...rows, activeRow].sort((a, b) => a - b) : rows;
    },
  });
  useEffect(() => {
    virtualizer.measure();
  }, [rowHeight, virtualizer]);

  // The second animation frame after the first commit runs once that commit has been painted.
  useEffect(() => {
    let second = 0;
    const first = requestAnimationFrame(() => {
      second = requestAnimationFrame(() => performance.mark(GRID_PAINTED_MARK));
    });
    return () => {
      cancelAnimationFrame(first);
      cancelAnimationFrame(second);
    };
  }, []);

  useEffect(() => {
    if (!complete) return;
    let second = 0;
    const first = requestAnimationFrame(() => {
      second = requestAnimationFrame(() => performance.mark(LIBRARY_COMPLETE_MARK));
    });
    return () => {
      cancelAnimationFrame(first);
      cancelAnimationFrame(second);
    };
  }, [complete]);

  useEffect(() => {
    if (!moveFocus.current || focusedId === null) return;
    moveFocus.current = false;
    gridRef.current?.querySelector<HTMLElement>(`[data-photo-id="${CSS.escape(focusedId)}"]`)?.focus({ preventScroll: true });
  }, [focusedId]);

  // Back from the compare view: the photo shown last gets the focus (and comes into view).
  const previousView = useRef(viewKind);
  useEffect(() => {
    const was = previousView.current;
    previousView.current = viewKind;
    if (was !== 'compare' || viewKind !== 'library' || focusedIndex < 0) return;
    virtualizer.scrollToIndex(Math.floor(focusedIndex / columns), { align: 'auto' });
    const cell = gridRef.current?.querySelector<HTMLElement>(`[data-photo-id="${CSS.escape(ids[focusedIndex] ?? '')}"]`);
    cell?.focus({ preventScroll: true });
  }, [viewKind, focusedIndex, columns, ids, virtualizer]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const { photos, selection } = store.getState();
    const targets = (states: readonly string[]) =>
      (selection.ids.size > 0 ? [...selection.ids] : activeId === undefined ? [] : [activeId]).filter((id) => states.includes(photos[id]?.job?.state ?? ''));
    const mod = event.ctrlKey || event.metaKey;
    if (isGridKey(event.key)) {
      const next = gridMove(activeIndex, event.key, mod, { columns, count: ids.length, pageRows: Math.floor((scrollElement?.clientHeight ?? rowHeight) / rowHeight) });
      const id = ids[next];
      if (id === undefined) return;
      event.preventDefault();
      moveFocus.current = true;
      if (event.shiftKey) select(id, 'range');
      else focus(id);
      virtualizer.scrollToIndex(Math.floor(next / columns), { align: 'auto' });
      return;
    }
    if (activeId === undefined) return;
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    if (key === ' ' && !mod) select(activeId, event.shiftKey ? 'range' : 'toggle');
    else if (key === 'Enter' && photos[activeId]?.job?.hasResult === true) openCompare(activeId);
    else if (key === 'a' && mod) selectAll();
    else if (key === 'Escape' && selection.ids.size > 0) clearSelection();
    else if (key === 'r' && !mod) void retry(targets(['failed', 'canceled']));
    else if (key === 'Delete' && !mod) void cancel(targets(['queued', 'paused', 'running']));
    else return;
    event.preventDefault();
    event.stopPropagation();
  };

  return (
    <div
      ref={gridRef}
      role="grid"
      className="grid"
      aria-label={t('grid.label', { count: ids.length })}
      aria-rowcount={rowCount}
      aria-colcount={columns}
      aria-multiselectable
      aria-busy={!complete}
      data-testid="photo-grid"
      data-columns={columns}
      style={{ height: virtualizer.getTotalSize() }}
      onKeyDown={onKeyDown}
    >
      {virtualizer.getVirtualItems().map((row) => (
        <div
          key={row.key}
          role="row"
          aria-rowindex={row.index + 1}
          className="grid-row"
          style={{ transform: `translateY(${row.start - scrollMargin}px)`, height: rowHeight - GAP_PX, gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`, gap: GAP_PX }}
        >
          {ids.slice(row.index * columns, (row.index + 1) * columns).map((id, column) => (
            <PhotoCard key={id} photoId={id} column={column + 1} active={id === activeId} t={t} showThumbnail={!flinging} />
          ))}
        </div>
      ))}
    </div>
  );
}
