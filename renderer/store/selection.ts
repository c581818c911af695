// Multi-select over the ids the grid shows: click/Space toggles one, Shift extends from the
// anchor (the last photo clicked without Shift), Ctrl/Cmd+A takes every visible photo.

export interface Selection {
  readonly ids: ReadonlySet<string>;
  /** Where a Shift-extension starts; null before the first pick. */
  readonly anchor: string | null;
}

export const emptySelection: Selection = { ids: new Set(), anchor: null };

export type SelectMode = 'only' | 'toggle' | 'range';

export function select(selection: Selection, id: string, mode: SelectMode, visible: readonly string[]): Selection {
  switch (mode) {
    case 'only':
      return { ids: new Set([id]), anchor: id };
    case 'toggle': {
      const ids = new Set(selection.ids);
      if (ids.has(id)) ids.delete(id);
      else ids.add(id);
      return { ids, anchor: id };
    }
    case 'range': {
      const from = selection.anchor === null ? -1 : visible.indexOf(selection.anchor);
      const to = visible.indexOf(id);
      if (from < 0 || to < 0) return { ids: new Set([id]), anchor: id };
      const [start, end] = from <= to ? [from, to] : [to, from];
      // Shift keeps what was picked with Ctrl before the anchor, as file managers do.
      return { ids: new Set([...selection.ids, ...visible.slice(start, end + 1)]), anchor: selection.anchor };
    }
    default: {
      const never: never = mode;
      throw new Error(`unknown select mode ${String(never)}`);
    }
  }
}

export function selectAll(visible: readonly string[]): Selection {
  return { ids: new Set(visible), anchor: visible[0] ?? null };
}

/** Drops ids that are no longer shown (filter or album changed); the same object when nothing went. */
export function pruneSelection(selection: Selection, visible: readonly string[]): Selection {
  if (selection.ids.size === 0) return selection;
  const shown = new Set(visible);
  const ids = [...selection.ids].filter((id) => shown.has(id));
  if (ids.length === selection.ids.size) return selection;
  return { ids: new Set(ids), anchor: selection.anchor !== null && shown.has(selection.anchor) ? selection.anchor : null };
}
