// Which groups of photos just finished (for the "album done" notification): an album, or the
// loose photos, that had photos waiting or running and now has none. Paused photos still wait,
// so a paused album never "finishes"; the first load (nothing before) announces nothing.
import type { GroupProgress, LibraryIndex } from './library-index';

const busy = (group: GroupProgress | undefined) => group !== undefined && group.waiting + group.running > 0;
const idle = (group: GroupProgress | undefined) => group !== undefined && group.total > 0 && group.waiting + group.running === 0;

export interface Finished {
  albumIds: string[];
  loose: boolean;
}

export function finishedGroups(previous: LibraryIndex, next: LibraryIndex): Finished {
  const albumIds = Object.keys(next.byAlbum).filter((id) => busy(previous.byAlbum[id]) && idle(next.byAlbum[id]));
  return { albumIds, loose: busy(previous.loose) && idle(next.loose) };
}
