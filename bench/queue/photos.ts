// Jobs reference photos (FK): every Heirloom-schema round first imports this many photo rows, untimed.
import type { Db } from '../../electron/core/db/open-database';
import { photoIdOf } from './subject';

export function insertPhotos(db: Db, count: number): void {
  const insert = db.prepare(
    `INSERT INTO photos (id, sha256, source_path, name, rel_path, width, height, format, size_bytes, imported_at_ms)
     VALUES (?, ?, ?, ?, ?, 640, 480, 'jpeg', 100000, ?)`,
  );
  const now = Date.now();
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const id = photoIdOf(i);
      insert.run(id, `sha256-${id}`, `/album/${id}.jpg`, `${id}.jpg`, `${id}.jpg`, now);
    }
  }).immediate();
}
