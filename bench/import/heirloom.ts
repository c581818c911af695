// Heirloom's import as the app runs it: a fresh library (SQLite file, queue) and one
// importer.importPaths over the album folder — walk, read, SHA-256, validate, metadata, one decode
// for thumbnail and colour check, thumbnail written, photo + album file + job committed per file.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { openDatabase } from '../../electron/core/db/open-database';
import { createImporter, type ImportCounts } from '../../electron/core/library/import-photos';
import { createPhotoStore } from '../../electron/core/library/photo-store';
import { createJobQueue } from '../../electron/core/queue/job-queue';

export async function heirloomImport(albumRoot: string, dataDir: string, concurrency: number): Promise<ImportCounts> {
  const db = openDatabase(join(dataDir, 'heirloom.sqlite'), { now: Date.now });
  try {
    const photos = createPhotoStore(db);
    const randomId = randomUUID;
    const queue = createJobQueue({ db, now: Date.now, randomId, random: Math.random });
    const importer = createImporter({
      db,
      photos,
      queue,
      dataDir,
      now: Date.now,
      randomId,
      concurrency,
      jobTemplate: async () => ({ workflowId: 'ddcolor-portrait', params: { size: 512 }, idempotencyKey: (sha) => `ddcolor-portrait:${sha}` }),
    });
    const outcome = await importer.importPaths([albumRoot]);
    return outcome.counts;
  } finally {
    db.close();
  }
}
