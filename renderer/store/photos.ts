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

function jobTime(photo: PhotoDto): number {
  return photo.job?.updatedAtMs ?? -1;
}

export function comparePhotos(a: PhotoDto, b: PhotoDto): number {
  return b.importedAtMs - a.importedAtMs || a.relPath.localeCompare(b.relPath) || a.id.localeCompare(b.id);
}

export function upsertPhotos(table: PhotoTable, incoming: readonly PhotoDto[]): PhotoTable {
  let photos: Record<string, PhotoDto> | undefined;
  let added = false;
  for (const photo of incoming) {
    const current = (photos ?? table.photos)[photo.id];
    if (current !== undefined && jobTime(current) > jobTime(photo)) continue;
    photos ??= { ...table.photos };
    if (current === undefined) added = true;
    photos[photo.id] = photo;
  }
  if (photos === undefined) return table;
  const all = photos;
  const order = added ? Object.values(all).sort(comparePhotos).map((p) => p.id) : table.order;
  return { photos: all, order };
}

/** Ids of photos that have a result, in display order: what the compare view steps through. */
export function comparableIds(table: PhotoTable): string[] {
  return table.order.filter((id) => table.photos[id]?.job?.hasResult === true);
}
