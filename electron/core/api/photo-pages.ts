// photos.page: the library in the grid's order, a page at a time, so the first screen is one
// small answer instead of all 10,000 photos (5.6 MB, 600–900 ms of server time on the bench
// machine). Keyset paging on the photos_by_import index (migration 6): a page costs the same
// wherever it starts, and photos imported meanwhile (they sort first) never shift a later page.
import type { PhotoDto, PhotoPageDto } from '../../shared/contract';
import type { Db } from '../db/open-database';

interface Anchor {
  imported_at_ms: number;
  rel_path: string;
  id: string;
}

// Newest import first, then path, then id: the order of the grid (renderer/store/photos.ts sorts
// paths with a numeric collator, so ties inside one import may settle once every page is in).
export const FIRST_PAGE_SQL = `SELECT id FROM photos ORDER BY imported_at_ms DESC, rel_path, id LIMIT @limit`;
// `imported_at_ms <= @t` is the index range; the rest picks up after the anchor inside it.
export const NEXT_PAGE_SQL = `SELECT id FROM photos
  WHERE imported_at_ms <= @t AND (imported_at_ms < @t OR rel_path > @r OR (rel_path = @r AND id > @id))
  ORDER BY imported_at_ms DESC, rel_path, id LIMIT @limit`;

export function createPhotoPages(db: Db, dto: (photoId: string) => PhotoDto | undefined) {
  const statements = {
    first: db.prepare(FIRST_PAGE_SQL).pluck(),
    next: db.prepare(NEXT_PAGE_SQL).pluck(),
    anchor: db.prepare(`SELECT imported_at_ms, rel_path, id FROM photos WHERE id = ?`),
    total: db.prepare(`SELECT COUNT(*) FROM photos`).pluck(),
  };
  // One read transaction: the page, its photos and the total are one snapshot.
  const read = db.transaction((after: string | undefined, limit: number): PhotoPageDto => {
    let ids: string[];
    if (after === undefined) ids = statements.first.all({ limit }) as string[];
    else {
      const anchor = statements.anchor.get(after) as Anchor | undefined;
      if (anchor === undefined) throw Object.assign(new Error(`No photo with id ${after} to continue after.`), { code: 'not-found' });
      ids = statements.next.all({ t: anchor.imported_at_ms, r: anchor.rel_path, id: anchor.id, limit }) as string[];
    }
    const photos = ids.flatMap((id) => dto(id) ?? []);
    const last = ids.at(-1);
    return { photos, next: ids.length === limit && last !== undefined ? last : null, total: statements.total.get() as number };
  });
  return { page: (after: string | undefined, limit: number) => read(after, limit) };
}
