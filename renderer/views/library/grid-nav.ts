// Where a key moves the focus in a grid of `count` cells laid out in rows of `columns`
// (the last row may be short). Ctrl/Cmd with Home/End jumps to the very first/last photo.

export interface GridShape {
  columns: number;
  count: number;
  /** Whole rows that fit in the viewport: PageUp/PageDown move by this many. */
  pageRows: number;
}

export const GRID_KEYS = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown'] as const;
export type GridKey = (typeof GRID_KEYS)[number];

export function isGridKey(key: string): key is GridKey {
  return (GRID_KEYS as readonly string[]).includes(key);
}

/** The new index, clamped to the grid; the same index when the move leads nowhere. */
export function gridMove(index: number, key: GridKey, toEnds: boolean, { columns, count, pageRows }: GridShape): number {
  if (count === 0) return -1;
  const last = count - 1;
  const cols = Math.max(1, columns);
  const clamp = (i: number) => Math.min(last, Math.max(0, i));
  const rowStart = index - (index % cols);
  switch (key) {
    case 'ArrowLeft':
      return clamp(index - 1);
    case 'ArrowRight':
      return clamp(index + 1);
    case 'ArrowUp':
      return index - cols >= 0 ? index - cols : index;
    case 'ArrowDown':
      // Down from a row above a short last row lands on that row's last photo.
      return index + cols <= last ? index + cols : rowStart + cols <= last ? last : index;
    case 'Home':
      return toEnds ? 0 : rowStart;
    case 'End':
      return toEnds ? last : Math.min(last, rowStart + cols - 1);
    case 'PageUp':
      return Math.max(index % cols, index - cols * Math.max(1, pageRows));
    case 'PageDown': {
      const target = index + cols * Math.max(1, pageRows);
      return target <= last ? target : clamp(last - ((last - index) % cols));
    }
    default: {
      const never: never = key;
      throw new Error(`unknown grid key ${String(never)}`);
    }
  }
}

/** Columns that fit `width` with cards at least `minCard` wide and `gap` between them. */
export function columnsFor(width: number, minCard: number, gap: number): number {
  return Math.max(1, Math.floor((width + gap) / (minCard + gap)));
}
