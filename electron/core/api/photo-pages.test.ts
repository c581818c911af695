// photos.page on a real SQLite file: the pages, read one after the other, are the whole library
// in the grid's order with no photo twice or missing, also when photos are imported between two
// pages; the next-page query walks the index (no sort of the whole table).
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { PhotoDto } from '../../shared/contract';
import { createPhotoStore } from '../library/photo-store';
import { createTestClock, openTestDb, tempDir } from '../testing/test-db';
import { createPhotoPages, FIRST_PAGE_SQL, NEXT_PAGE_SQL } from './photo-pages';

const dir = tempDir('photo-pages');
after(() => dir.remove());
const clock = createTestClock();
const db = openTestDb(dir.path, clock.now);
after(() => db.close());
const store = createPhotoStore(db);
const pages = createPhotoPages(db, (id) => store.dto(id));

const insertPhoto = db.prepare(
  `INSERT INTO photos (id, sha256, source_path, name, rel_path, width, height, format, size_bytes, imported_at_ms)
   VALUES (@id, @id, '/scans/' || @rel, @rel, @rel, 4, 3, 'jpeg', 1, @t)`,
);
function add(id: string, rel: string, t: number) {
  insertPhoto.run({ id, rel, t });
}

function walk(limit: number, between?: (pageNumber: number) => void): { ids: string[]; pages: number; totals: number[] } {
  const ids: string[] = [];
  const totals: number[] = [];
  let after: string | undefined;
  let count = 0;
  for (;;) {
    const page = pages.page(after, limit);
    count++;
    totals.push(page.total);
    ids.push(...page.photos.map((p: PhotoDto) => p.id));
    if (page.next === null) return { ids, pages: count, totals };
    after = page.next;
    between?.(count);
  }
}

describe('photos.page', () => {
  // Two imports: 1000 (a, b, c, d, e by path) and 2000 (x, y, z); ids out of path order on purpose.
  add('p5', 'e.jpg', 1000);
  add('p1', 'a.jpg', 1000);
  add('p3', 'c.jpg', 1000);
  add('p2', 'b.jpg', 1000);
  add('p4', 'd.jpg', 1000);
  add('p8', 'z.jpg', 2000);
  add('p6', 'x.jpg', 2000);
  add('p7', 'y.jpg', 2000);
  const gridOrder = ['p6', 'p7', 'p8', 'p1', 'p2', 'p3', 'p4', 'p5'];

  it('returns the library newest import first, then by path, page after page', () => {
    for (const limit of [1, 2, 3, 8, 100]) {
      const walked = walk(limit);
      assert.deepEqual(walked.ids, gridOrder, `limit ${limit}`);
      assert.ok(walked.totals.every((t) => t === 8));
    }
    assert.equal(walk(3).pages, 3);
    assert.deepEqual(pages.page(undefined, 2).photos.map((p) => p.name), ['x.jpg', 'y.jpg'], 'full photos, as photos.list has them');
  });

  it('neither repeats nor skips a photo when others are imported between pages', () => {
    const walked = walk(3, (n) => {
      if (n === 1) add('new1', 'new.jpg', 3000);
    });
    assert.deepEqual(walked.ids, gridOrder, 'the newer photo sorts first: the next reload shows it (and the event already did)');
    assert.equal(walked.totals.at(-1), 9);
  });

  it('refuses to continue after a photo it does not know', () => {
    assert.throws(() => pages.page('nope', 2), { code: 'not-found' });
  });

  it('reads the photos_by_import index in order (no temporary sort of every photo)', () => {
    for (const [sql, params] of [
      [FIRST_PAGE_SQL, { limit: 3 }],
      [NEXT_PAGE_SQL, { t: 1000, r: 'b.jpg', id: 'p2', limit: 3 }],
    ] as const) {
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((row) => row.detail).join('\n');
      assert.match(plan, /photos_by_import/, plan);
      assert.doesNotMatch(plan, /TEMP B-TREE/, plan);
    }
  });
});
