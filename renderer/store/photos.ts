// Photos by id plus their display order. Updates arrive from three places (the list, import
// results, events) in no guaranteed order, so a photo whose job is newer than the incoming copy
// is kept: a stale list reply must not roll a finished photo back to "Colorizing".
import type { PhotoDto } from '../../electron/shared/contract';

export interface PhotoTable {
  readonly photos: Readonly<Record<string, PhotoDto>>;
  /** Ids newest import first, then by path; the same array until a photo is added. */
  readonly order: readonly string[];
}

export const emptyPhotoTable: PhotoTable = { photos: {}, order: [] };

// A collator is ~10x faster than String#localeCompare per call: sorting 10,000 photos takes
// ~15 ms instead of ~150 ms. 'numeric' puts "photo 2" before "photo 10".
const collator = new Intl.Collator(undefined, { numeric: true });

function jobTime(photo: PhotoDto): number {
  return photo.job?.updatedAtMs ?? -1;
}

export function comparePhotos(a: PhotoDto, b: PhotoDto): number {
  return b.importedAtMs - a.importedAtMs || collator.compare(a.relPath, b.relPath) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * `order` (sorted) with the `added` photos merged in. A photo's place never changes (import time
 * and path are fixed), so only the new ones are sorted; the part of `order` before the first of
 * them is copied as it is. The library's pages arrive in grid order, so each page lands after
 * the last photo: O(page) instead of a re-sort of 10,000 photos (~15 ms) per page.
 */
function mergeOrder(photos: Readonly<Record<string, PhotoDto>>, order: readonly string[], added: PhotoDto[]): string[] {
  added.sort(comparePhotos);
  const first = added[0];
  if (first === undefined) return [...order];
  const before = (id: string | undefined, photo: PhotoDto) => {
    const other = id === undefined ? undefined : photos[id];
    return other !== undefined && comparePhotos(other, photo) < 0;
  };
  // Binary search: how many photos of `order` sort before the first new one.
  let low = 0;
  let high = order.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (before(order[middle], first)) low = middle + 1;
    else high = middle;
  }
  const merged = order.slice(0, low);
  let i = low;
  for (const photo of added) {
    while (i < order.length && before(order[i], photo)) merged.push(order[i++] as string);
    merged.push(photo.id);
  }
  while (i < order.length) merged.push(order[i++] as string);
  return merged;
}

/** Applies many updates at once: one copy of the table; new photos are merged into the order. */
export function upsertPhotos(table: PhotoTable, incoming: readonly PhotoDto[]): PhotoTable {
  let photos: Record<string, PhotoDto> | undefined;
  const added = new Map<string, PhotoDto>();
  for (const photo of incoming) {
    const current = (photos ?? table.photos)[photo.id];
    if (current !== undefined && jobTime(current) > jobTime(photo)) continue;
    photos ??= { ...table.photos };
    if (current === undefined || added.has(photo.id)) added.set(photo.id, photo);
    photos[photo.id] = photo;
  }
  if (photos === undefined) return table;
  const order = added.size > 0 ? mergeOrder(photos, table.order, [...added.values()]) : table.order;
  return { photos, order };
}

/** Ids of photos that have a result, in the given order: what the compare view steps through. */
export function comparableIds(photos: Readonly<Record<string, PhotoDto>>, ids: readonly string[]): string[] {
  return ids.filter((id) => photos[id]?.job?.hasResult === true);
}
