import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import sharp from 'sharp';
import type { SettingsDto } from '../../shared/contract';
import { createImporter } from '../library/import-photos';
import { createPhotoStore } from '../library/photo-store';
import { photo } from '../library/test-images';
import { createJobQueue } from '../queue/job-queue';
import { createCountingIds, createTestClock, openTestDb, tempDir } from '../testing/test-db';
import { MAX_NAME_BYTES } from './naming';
import { createResultWriter, type OutputSettings } from './save-result';
import { readProvenance } from './xmp';

const dirs: Array<() => void> = [];
after(() => dirs.forEach((remove) => remove()));
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function setup(files: Record<string, Buffer>, settings: Partial<SettingsDto> = {}) {
  const dir = tempDir('save');
  dirs.push(dir.remove);
  const clock = createTestClock(Date.UTC(2026, 2, 1, 12));
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
    jobTemplate: async () => ({ workflowId: 'ddcolor-portrait', params: { size: 512, checkpoint: 'ddcolor_paper.pth' }, idempotencyKey: (s) => `wf:${s}` }),
  });
  const album = join(dir.path, 'album');
  for (const [name, bytes] of Object.entries(files)) {
    mkdirSync(join(album, name, '..'), { recursive: true });
    writeFileSync(join(album, name), bytes);
  }
  await importer.importPaths([album]);
  const current: OutputSettings = { outputDir: join(dir.path, 'out'), outputFormat: 'png', namingPattern: '{name}.colorized', keepMetadata: true, ...settings };
  const writer = createResultWriter({ photos, settings: () => current, software: 'Heirloom 9.9.9', now: clock.now });
  const reserved = new Set<string>();
  const reserve = (path: string) => (reserved.has(path) ? false : (reserved.add(path), true));
  const byRel = (rel: string) => photos.list().find((p) => p.relPath === rel)?.id ?? '';
  const save = async (rel: string, options: { result?: Buffer; reservedPath?: string | null; reserve?: (path: string) => boolean } = {}) =>
    writer.save({
      photoId: byRel(rel),
      result: options.result ?? (await photo(300, 200, 9, 'colour').png().toBuffer()),
      workflowId: 'ddcolor-portrait',
      params: { size: 512, checkpoint: 'ddcolor_paper.pth' },
      reservedPath: options.reservedPath ?? null,
      reserve: options.reserve ?? reserve,
    });
  return { album, out: current.outputDir, save, settings: current, photos, byRel };
}

test('the album tree is mirrored under the output root, in the chosen format, with the provenance of the original', async () => {
  const original = await photo(300, 200, 1).jpeg().toBuffer();
  const { out, save } = await setup({ '1950s/奶奶 的照片.jpg': original }, { outputFormat: 'webp' });
  const saved = await save('1950s/奶奶 的照片.jpg');
  assert.ok(saved.ok);
  assert.equal(saved.path, join(out, '1950s', '奶奶 的照片.colorized.webp'));
  const meta = await sharp(readFileSync(saved.path)).metadata();
  assert.equal(meta.format, 'webp');
  assert.equal(readProvenance(meta.xmp?.toString('utf8') ?? '').OriginalSHA256, sha(original));
  assert.equal(readProvenance(meta.xmp?.toString('utf8') ?? '').Model, 'ddcolor_paper.pth');
});

test("output in the original's own folder never takes the original's name, and never touches it", async () => {
  const original = await photo(300, 200, 2).jpeg().toBuffer();
  const { album, save, settings } = await setup({ 'a.jpg': original });
  Object.assign(settings, { outputDir: album, namingPattern: '{name}', outputFormat: 'jpeg' });
  const saved = await save('a.jpg');
  assert.ok(saved.ok);
  assert.equal(saved.path, join(album, 'a (2).jpg'));
  assert.equal(sha(readFileSync(join(album, 'a.jpg'))), sha(original));
});

test('collisions are resolved without loss: existing files, reserved names and a file that appears mid-write', async () => {
  const { out, save } = await setup({ 'b.jpg': await photo(300, 200, 3).jpeg().toBuffer() });
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'b.colorized.png'), 'a file that was there before');
  // The reserve callback runs between the existence check and the write: another program makes the file then.
  const saved = await save('b.jpg', {
    reserve: (path) => {
      if (path.endsWith('b.colorized (2).png')) writeFileSync(path, 'appeared meanwhile');
      return true;
    },
  });
  assert.ok(saved.ok);
  assert.equal(saved.path, join(out, 'b.colorized (3).png'));
  assert.equal(readFileSync(join(out, 'b.colorized.png'), 'utf8'), 'a file that was there before');
  assert.equal(readFileSync(join(out, 'b.colorized (2).png'), 'utf8'), 'appeared meanwhile');
  assert.deepEqual(readdirSync(out).sort(), ['b.colorized (2).png', 'b.colorized (3).png', 'b.colorized.png']);
});

test("a retried job writes again where its first attempt reserved (replacing only its own file)", async () => {
  const { out, save } = await setup({ 'c.jpg': await photo(300, 200, 4).jpeg().toBuffer() });
  const reservedPath = join(out, 'c.colorized.png');
  mkdirSync(out, { recursive: true });
  writeFileSync(reservedPath, 'half-finished by the attempt that crashed');
  writeFileSync(join(out, '.c.colorized.png.0123456789ab.tmp'), 'stale temp');
  const saved = await save('c.jpg', { reservedPath });
  assert.ok(saved.ok && saved.path === reservedPath);
  assert.equal((await sharp(readFileSync(reservedPath)).metadata()).format, 'png');
  assert.deepEqual(readdirSync(out), ['c.colorized.png']);
});

test('Chinese, emoji, NFD and very long names work end to end', async () => {
  const long = `${'很长的名字'.repeat(16)}.jpg`;
  const files = {
    '👨‍👩‍👧 全家福/Cafe\u0301 1962.jpg': await photo(300, 200, 5).jpeg().toBuffer(),
    [long]: await photo(300, 200, 6).jpeg().toBuffer(),
  };
  const { out, save } = await setup(files);
  const first = await save('👨‍👩‍👧 全家福/Cafe\u0301 1962.jpg');
  assert.ok(first.ok);
  assert.equal(first.path, join(out, '👨‍👩‍👧 全家福', 'Caf\u00e9 1962.colorized.png'));
  const second = await save(long);
  assert.ok(second.ok);
  const name = second.path.split('/').pop() ?? '';
  assert.ok(Buffer.byteLength(name) <= MAX_NAME_BYTES && name.endsWith('.colorized.png') && name.startsWith('很长的名字'));
  assert.ok((await sharp(readFileSync(second.path)).metadata()).width === 300);
});

test('an original gone by save time still gets its output (without copied metadata); a broken result is an error', async () => {
  const { album, save } = await setup({ 'd.jpg': await photo(300, 200, 7).jpeg().toBuffer(), 'e.jpg': await photo(300, 200, 8).jpeg().toBuffer() });
  rmSync(join(album, 'd.jpg'));
  const saved = await save('d.jpg');
  assert.ok(saved.ok);
  assert.match(saved.warnings.join(' '), /original could not be read \(ENOENT\)/);
  const broken = await save('e.jpg', { result: Buffer.from('<html>502</html>') });
  assert.equal(broken.ok, false);
  assert.equal(!broken.ok && broken.error.code, 'result-unreadable');
});
