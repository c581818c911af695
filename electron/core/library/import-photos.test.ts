import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import sharp from 'sharp';
import { createJobQueue } from '../queue/job-queue';
import { createCountingIds, createTestClock, openTestDb, tempDir } from '../testing/test-db';
import { createImporter } from './import-photos';
import { createPhotoStore } from './photo-store';

const dirs: Array<() => void> = [];
after(() => dirs.forEach((remove) => remove()));

async function setup() {
  const dir = tempDir('import');
  dirs.push(dir.remove);
  const clock = createTestClock();
  const db = openTestDb(join(dir.path, 'data'), clock.now);
  const photos = createPhotoStore(db);
  const ids = createCountingIds();
  const queue = createJobQueue({ db, now: clock.now, randomId: ids, random: () => 1 });
  const importer = createImporter({
    db,
    photos,
    queue,
    dataDir: join(dir.path, 'data'),
    now: clock.now,
    randomId: ids,
    jobTemplate: async () => ({ workflowId: 'wf', params: { s: 1 }, idempotencyKey: (sha) => `wf:${sha}` }),
  });
  const album = join(dir.path, 'album');
  mkdirSync(join(album, '1950s'), { recursive: true });
  return { db, photos, importer, album, root: dir.path };
}

const photo = (shade: number) =>
  sharp({ create: { width: 320, height: 240, channels: 3, background: { r: shade, g: shade, b: shade } } }).jpeg().toBuffer();
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

test('a folder becomes an album: photos and jobs, junk and bad files listed, originals untouched', async () => {
  const { photos, importer, album, db } = await setup();
  writeFileSync(join(album, '奶奶的照片.jpg'), await photo(90));
  writeFileSync(join(album, '1950s', 'wedding day.jpg'), await photo(140));
  writeFileSync(join(album, 'notes.jpg'), 'not a photo at all');
  writeFileSync(join(album, 'empty.png'), '');
  writeFileSync(join(album, 'Thumbs.db'), 'junk');
  const before = ['奶奶的照片.jpg', '1950s/wedding day.jpg', 'notes.jpg'].map((p) => sha(join(album, p)));

  const outcome = await importer.importPaths([album]);
  assert.equal(outcome.photoIds.length, 2);
  assert.deepEqual(
    outcome.rejected.map((r) => [r.name, r.code]).sort(),
    [
      ['empty.png', 'empty'],
      ['notes.jpg', 'not-an-image'],
    ],
  );
  const listed = photos.list();
  assert.deepEqual(listed.map((p) => p.relPath).sort(), ['1950s/wedding day.jpg', '奶奶的照片.jpg']);
  assert.ok(listed.every((p) => p.job?.state === 'queued' && p.albumId !== null));
  assert.equal((db.prepare('SELECT COUNT(*) AS n FROM jobs').get() as { n: number }).n, 2);
  assert.deepEqual(['奶奶的照片.jpg', '1950s/wedding day.jpg', 'notes.jpg'].map((p) => sha(join(album, p))), before);
});

test('importing the same photo again (even renamed) makes no second photo or job', async () => {
  const { photos, importer, album, db } = await setup();
  const bytes = await photo(100);
  writeFileSync(join(album, 'a.jpg'), bytes);
  await importer.importPaths([join(album, 'a.jpg')]);
  writeFileSync(join(album, 'copy of a.jpg'), bytes);
  const again = await importer.importPaths([join(album, 'copy of a.jpg')]);
  assert.equal(again.duplicates, 1);
  assert.equal(photos.list().length, 1);
  assert.equal((db.prepare('SELECT COUNT(*) AS n FROM jobs').get() as { n: number }).n, 1);
});

test('links leading outside the folder and link loops are skipped', async () => {
  const { importer, album, root } = await setup();
  writeFileSync(join(root, 'outside.jpg'), await photo(60));
  writeFileSync(join(album, 'inside.jpg'), await photo(70));
  symlinkSync(join(root, 'outside.jpg'), join(album, 'link-out.jpg'));
  symlinkSync(album, join(album, '1950s', 'loop'));
  const outcome = await importer.importPaths([album]);
  assert.equal(outcome.photoIds.length, 1);
});

test('an upload is kept under the data dir and imported with its display name', async () => {
  const { photos, importer } = await setup();
  const result = await importer.importUpload('C:\\Users\\me\\老照片.jpg', await photo(30));
  assert.equal(result.photoIds.length, 1);
  const [listed] = photos.list();
  assert.equal(listed?.name, '老照片.jpg');
  const row = photos.row(listed?.id ?? '');
  assert.match(row?.source_path ?? '', /originals\/[0-9a-f]{64}\.jpg$/);
});
