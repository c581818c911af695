// The import through the core's commands and events (create-core.ts wiring): progress events
// tagged with the caller's import id, cancel, rescan, colour photos without a job, and the
// output folder inside an album left alone.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { AnyEvent, ImportProgressDto } from '../../shared/contract';
import { createHeirloomCore } from '../api/create-core';
import { tempDir } from '../testing/test-db';
import { photo } from './test-images';

const WORKFLOWS = join(import.meta.dirname, '..', '..', '..', 'workflows');
const cleanups: Array<() => Promise<void> | void> = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function setup(count: number) {
  const dir = tempDir('import-commands');
  cleanups.push(dir.remove);
  const album = join(dir.path, 'album');
  mkdirSync(join(album, 'colorized'), { recursive: true });
  for (let i = 0; i < count; i++) writeFileSync(join(album, `photo-${String(i).padStart(2, '0')}.jpg`), await photo(160, 120, i + 1).jpeg().toBuffer());
  writeFileSync(join(album, 'holiday.jpg'), await photo(160, 120, 99, 'colour').jpeg().toBuffer());
  writeFileSync(join(album, 'Thumbs.db'), 'junk');
  writeFileSync(join(album, 'colorized', 'photo-00.colorized.png'), await photo(160, 120, 1).png().toBuffer());
  const core = await createHeirloomCore({ dataDir: join(dir.path, 'data'), workflowsDir: WORKFLOWS, defaultOutputDir: join(album, 'colorized'), appVersion: 'test' });
  cleanups.push(() => core.close());
  const events: AnyEvent[] = [];
  core.subscribe((event) => events.push(event));
  const progress = (importId: string) =>
    events.flatMap((event) => (event.name === 'import.progress' && event.payload.importId === importId ? [event.payload] : []));
  return { core, album, events, progress };
}

test('importPaths: progress events carry the import id and end with the result; colour photos get no job', async () => {
  const { core, album, events, progress } = await setup(3);
  const result = await core.handlers['photos.importPaths']({ paths: [album], importId: 'first' });
  assert.equal(result.importId, 'first');
  assert.equal(result.canceled, false);
  assert.deepEqual(result.skipped.map((s) => [s.name, s.code]), [['Thumbs.db', 'junk'], ['colorized', 'excluded']]);
  const last = progress('first').at(-1) as ImportProgressDto;
  assert.deepEqual(last, { importId: 'first', phase: 'done', current: null, found: 6, imported: 4, duplicates: 0, unchanged: 0, skipped: 2, failed: 0 });
  const holiday = result.photos.find((p) => p.name === 'holiday.jpg');
  assert.equal(holiday?.isColor, true);
  assert.equal(holiday?.job, null);
  assert.ok(events.some((e) => e.name === 'photo.updated' && e.payload.id === holiday?.id), 'the UI hears of a photo without a job too');
  assert.ok(result.photos.filter((p) => !p.isColor).every((p) => p.job?.state === 'queued'));

  const rescan = await core.handlers['albums.rescan']({ albumId: holiday?.albumId ?? '', importId: 'again' });
  assert.equal(rescan.unchanged, 4);
  assert.deepEqual(rescan.photos, []);
  await assert.rejects(core.handlers['albums.rescan']({ albumId: 'nope' }), /No album/);
});

test('cancelImport stops an import by its id; what was imported stays', async () => {
  const { core, album, progress } = await setup(20);
  // Progress events are throttled (at most one per 100 ms), photo events are not: the third new
  // photo is the moment to cancel.
  const added = new Set<string>();
  const unsubscribe = core.subscribe((event) => {
    if (event.name !== 'photo.updated' || added.has(event.payload.id)) return;
    added.add(event.payload.id);
    if (added.size === 3) void core.handlers['photos.cancelImport']({ importId: 'big' }).then(({ canceled }) => assert.equal(canceled, true));
  });
  const result = await core.handlers['photos.importPaths']({ paths: [album], importId: 'big' });
  unsubscribe();
  assert.equal(result.canceled, true);
  assert.ok(result.photos.length >= 3 && result.photos.length < 21, `${result.photos.length} photos`);
  assert.equal(progress('big').at(-1)?.phase, 'canceled');
  assert.equal((await core.handlers['photos.list']({})).length, result.photos.length);
  assert.deepEqual(await core.handlers['photos.cancelImport']({ importId: 'big' }), { canceled: false });
});

test('importPaths with recursive: false leaves sub-folders out, and a rescan walks the album the same way', async () => {
  const { core, album } = await setup(1);
  mkdirSync(join(album, '1962'));
  writeFileSync(join(album, '1962', 'deep.jpg'), await photo(160, 120, 42).jpeg().toBuffer());
  const flat = await core.handlers['photos.importPaths']({ paths: [album], recursive: false });
  assert.deepEqual(flat.photos.map((p) => p.relPath).sort(), ['holiday.jpg', 'photo-00.jpg']);
  assert.deepEqual(flat.skipped.filter((s) => s.code === 'not-recursed').map((s) => s.name), ['1962', 'colorized']);

  writeFileSync(join(album, 'new.jpg'), await photo(160, 120, 43).jpeg().toBuffer());
  const rescan = await core.handlers['albums.rescan']({ albumId: flat.photos[0]?.albumId ?? '' });
  assert.deepEqual(rescan.photos.map((p) => p.relPath), ['new.jpg']);
  assert.ok(rescan.skipped.some((s) => s.name === '1962' && s.code === 'not-recursed'), 'still not recursive');

  const deep = await core.handlers['photos.importPaths']({ paths: [album] });
  assert.deepEqual(deep.photos.map((p) => p.relPath), ['1962/deep.jpg'], 'recursive by default');
});

test('an album dropped into a browser cannot be rescanned by path: the error says to drop it again', async () => {
  const { core } = await setup(0);
  const uploaded = await core.importUpload({ name: 'a.jpg', bytes: await photo(160, 120, 44).jpeg().toBuffer(), folderPath: 'Grandma/1962/a.jpg' });
  const [albumItem] = await core.handlers['albums.list']({});
  assert.equal(albumItem?.name, 'Grandma');
  assert.equal(uploaded.photos[0]?.albumId, albumItem?.id);
  assert.equal(uploaded.photos[0]?.relPath, '1962/a.jpg');
  await assert.rejects(core.handlers['albums.rescan']({ albumId: albumItem?.id ?? '' }), (error: Error & { code?: string }) => error.code === 'uploaded-album' && /drop the folder again/.test(error.message));
});
