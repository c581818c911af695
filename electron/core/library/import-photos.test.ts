import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { after, test } from 'node:test';
import sharp from 'sharp';
import { createJobQueue } from '../queue/job-queue';
import { createCountingIds, createTestClock, openTestDb, tempDir } from '../testing/test-db';
import { PROGRESS_INTERVAL_MS } from './progress-throttle';
import { createImporter, isUploadedAlbum, type ImporterOptions, type ImportProgress } from './import-photos';
import { createPhotoStore } from './photo-store';
import type { OpenFile } from './read-photo-file';
import { heicHeader, photo as photoOf, pngClaiming, tiffClaiming } from './test-images';

const dirs: Array<() => void> = [];
after(() => dirs.forEach((remove) => remove()));

async function setup(overrides: Partial<ImporterOptions> = {}) {
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
    ...overrides,
  });
  const album = join(dir.path, 'album');
  mkdirSync(join(album, '1950s'), { recursive: true });
  const jobCount = () => (db.prepare('SELECT COUNT(*) AS n FROM jobs').get() as { n: number }).n;
  return { db, photos, queue, importer, album, root: dir.path, dataDir: join(dir.path, 'data'), clock, jobCount };
}

const photo = (shade: number) =>
  sharp({ create: { width: 320, height: 240, channels: 3, background: { r: shade, g: shade, b: shade } } }).jpeg().toBuffer();
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

/** Hash of every regular file under `dir` (links and FIFOs are not followed or opened). */
function fingerprint(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const info = lstatSync(path);
    if (info.isDirectory()) Object.assign(out, fingerprint(path, `${prefix}${name}/`));
    else if (info.isFile()) out[`${prefix}${name}`] = info.mode & 0o444 ? sha(path) : `mode ${info.mode.toString(8)}`;
  }
  return out;
}

test('a folder becomes an album: photos and jobs, junk and bad files listed, originals untouched', async () => {
  const { photos, importer, album, jobCount } = await setup();
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
  assert.deepEqual(outcome.skipped.map((r) => [r.name, r.code]), [['Thumbs.db', 'junk']]);
  const listed = photos.list();
  assert.deepEqual(listed.map((p) => p.relPath).sort(), ['1950s/wedding day.jpg', '奶奶的照片.jpg']);
  assert.ok(listed.every((p) => p.job?.state === 'queued' && p.albumId !== null && !p.isColor));
  assert.equal(jobCount(), 2);
  assert.deepEqual(['奶奶的照片.jpg', '1950s/wedding day.jpg', 'notes.jpg'].map((p) => sha(join(album, p))), before);
});

test('hostile corpus: no crash, one clear reason per file, originals byte-identical', async () => {
  // Tests run as root, and chmod 000 does not stop root from reading. The unreadable file is
  // therefore made unreadable where the importer opens it: an injected open() that fails with
  // EACCES for that one path (what a user without permission gets). When not running as root the
  // file is ALSO chmod 000 for real. Blocking cases are real: a FIFO named like a photo.
  const realOpen: OpenFile = (path, flags) => open(path, flags);
  const opened: string[] = [];
  const openFile: OpenFile = async (path, flags) => {
    opened.push(path);
    if (path.endsWith('locked.jpg')) throw Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES' });
    return realOpen(path, flags);
  };
  const { importer, album, root, photos, jobCount } = await setup({ openFile });
  const longName = `${'很长的名字'.repeat(16)}.jpg`; // 240 bytes of UTF-8
  const nfc = 'Caf\u00e9.jpg';
  const nfd = 'Cafe\u0301.jpg';
  const source = await photoOf(600, 400, 3).png().toBuffer();
  const truncated = await photoOf(600, 400, 9).jpeg().toBuffer();
  const files: Record<string, Uint8Array | string> = {
    '奶奶的照片.jpg': await photoOf(400, 300, 1).jpeg().toBuffer(),
    '👵🏻 外婆 1962.png': await photoOf(300, 400, 2).png().toBuffer(),
    'wedding day 1950.tif': await sharp(source).toColourspace('rgb16').tiff({ compression: 'lzw' }).toBuffer(),
    'scan.webp': await photoOf(500, 300, 4).webp().toBuffer(),
    [nfc]: await photoOf(320, 240, 5).jpeg().toBuffer(),
    [nfd]: await photoOf(320, 240, 6).jpeg().toBuffer(),
    [longName]: await photoOf(320, 240, 7).jpeg().toBuffer(),
    'colour holiday.jpg': await photoOf(400, 300, 8, 'colour').jpeg().toBuffer(),
    'empty.png': '',
    'truncated.jpg': truncated.subarray(0, Math.floor(truncated.length * 0.6)),
    'notes.jpg': 'hello, this is a text file renamed .jpg',
    'readme.txt': 'just some notes',
    'bomb.png': pngClaiming(20_000, 20_000),
    'huge.tif': tiffClaiming(1_000_000, 1_000_000),
    'iphone.heic': heicHeader(),
    'locked.jpg': await photoOf(320, 240, 10).jpeg().toBuffer(),
    'Thumbs.db': 'junk',
    'desktop.ini': '[.ShellClassInfo]',
    '.DS_Store': 'junk',
    '._奶奶的照片.jpg': 'AppleDouble junk',
    '.secret.jpg': await photoOf(100, 100, 11).jpeg().toBuffer(),
    '1950s/x.jpg/inside.jpg': await photoOf(320, 240, 12).jpeg().toBuffer(),
  };
  for (const [name, bytes] of Object.entries(files)) {
    mkdirSync(join(album, name, '..'), { recursive: true });
    writeFileSync(join(album, name), bytes);
  }
  if (process.getuid?.() !== 0) chmodSync(join(album, 'locked.jpg'), 0o000);
  writeFileSync(join(root, 'outside.jpg'), await photoOf(320, 240, 13).jpeg().toBuffer());
  symlinkSync(join(root, 'outside.jpg'), join(album, 'link-out.jpg'));
  symlinkSync(join(album, 'gone.jpg'), join(album, 'broken.jpg'));
  symlinkSync(album, join(album, '1950s', 'loop'));
  execFileSync('mkfifo', [join(album, 'pipe.jpg')]);
  const before = fingerprint(album);

  const started = Date.now();
  const outcome = await importer.importPaths([album]);
  assert.ok(Date.now() - started < 30_000, 'bounded time');

  const imported = photos.list().map((p) => p.relPath);
  const reasons = new Map<string, string>();
  for (const entry of [...outcome.rejected, ...outcome.skipped]) {
    assert.ok(!reasons.has(entry.name), `${entry.name} listed once`);
    assert.ok(entry.reason.length > 10, `${entry.name} has a reason`);
    reasons.set(entry.name, entry.code);
  }
  for (const name of imported) assert.ok(!reasons.has(name), `${name} imported and listed`);
  assert.deepEqual(imported.sort(), ['1950s/x.jpg/inside.jpg', 'colour holiday.jpg', 'scan.webp', 'wedding day 1950.tif', longName, nfd, nfc, '奶奶的照片.jpg', '👵🏻 外婆 1962.png'].sort());
  assert.deepEqual(Object.fromEntries([...reasons].sort()), {
    '.DS_Store': 'junk',
    '._奶奶的照片.jpg': 'junk',
    '.secret.jpg': 'hidden',
    '1950s/loop': 'link-loop',
    'Thumbs.db': 'junk',
    'broken.jpg': 'link-broken',
    'bomb.png': 'too-many-pixels',
    'desktop.ini': 'junk',
    'empty.png': 'empty',
    'huge.tif': 'too-many-pixels',
    'iphone.heic': 'unsupported-format',
    'link-out.jpg': 'link-outside',
    'locked.jpg': 'unreadable',
    'notes.jpg': 'not-an-image',
    'pipe.jpg': 'not-a-file',
    'readme.txt': 'not-a-photo',
    'truncated.jpg': 'corrupt',
  });
  const { counts } = outcome;
  assert.equal(counts.found, counts.imported + counts.duplicates + counts.unchanged + counts.skipped + counts.failed);
  assert.equal(counts.imported, 9);
  assert.ok(!opened.some((path) => path.endsWith('pipe.jpg') || path.endsWith('Thumbs.db')), 'FIFOs and junk are never opened');

  // The colour photo is in the library without a job; every other photo is queued.
  const colour = photos.list().find((p) => p.relPath === 'colour holiday.jpg');
  assert.equal(colour?.isColor, true);
  assert.equal(colour?.job, null);
  assert.equal(jobCount(), 8);
  assert.deepEqual(fingerprint(album), before, 'originals byte-identical');
});

test('importing the same photo again (even renamed) makes no second photo or job', async () => {
  const { photos, importer, album, jobCount } = await setup();
  const bytes = await photo(100);
  writeFileSync(join(album, 'a.jpg'), bytes);
  await importer.importPaths([join(album, 'a.jpg')]);
  writeFileSync(join(album, 'copy of a.jpg'), bytes);
  const again = await importer.importPaths([join(album, 'copy of a.jpg')]);
  assert.equal(again.counts.duplicates, 1);
  assert.equal(again.photoIds[0], photos.list()[0]?.id);
  assert.equal(photos.list().length, 1);
  assert.equal(jobCount(), 1);
});

test('rescan: unchanged files are not even opened; new, changed and renamed files are told apart', async () => {
  const opened: string[] = [];
  const { importer, album, photos, db } = await setup({
    openFile: (path, flags) => {
      opened.push(path);
      return open(path, flags);
    },
  });
  for (const [name, shade] of [['a.jpg', 10], ['b.jpg', 20], ['c.jpg', 30]] as const) writeFileSync(join(album, name), await photo(shade));
  const first = await importer.importPaths([album]);
  assert.equal(first.counts.imported, 3);
  const oldB = photos.list().find((p) => p.relPath === 'b.jpg');

  opened.length = 0;
  writeFileSync(join(album, 'd.jpg'), await photo(40)); // new
  writeFileSync(join(album, 'b.jpg'), await photo(25)); // changed content
  const later = new Date(Date.now() + 60_000);
  utimesSync(join(album, 'c.jpg'), later, later); // touched, same content
  writeFileSync(join(album, 'a copy.jpg'), readFileSync(join(album, 'a.jpg'))); // same content, new name
  const rescan = await importer.importPaths([album]);

  assert.deepEqual(rescan.counts, { found: 5, imported: 2, duplicates: 1, unchanged: 2, skipped: 0, failed: 0 });
  assert.ok(!opened.some((path) => path.endsWith('/a.jpg')), 'a.jpg was not read again');
  assert.equal(photos.list().length, 5, 'a, old b, new b, c, d');
  // The old content of b.jpg no longer waits for its turn.
  assert.equal(photos.dto(oldB?.id ?? '')?.job?.state, 'canceled');

  const third = await importer.importPaths([album]);
  assert.deepEqual(third.counts, { found: 5, imported: 0, duplicates: 0, unchanged: 5, skipped: 0, failed: 0 });
  assert.equal((db.prepare('SELECT COUNT(*) AS n FROM album_files').get() as { n: number }).n, 5);
});

test('progress is reported per file and a cancel keeps what was imported; a rescan finishes the rest', async () => {
  // No throttle here (the test clock stands still): every file reports, so the cancel lands at 5.
  const { importer, album, photos, jobCount } = await setup({ concurrency: 2, progressIntervalMs: 0 });
  for (let i = 0; i < 24; i++) writeFileSync(join(album, `p${String(i).padStart(2, '0')}.jpg`), await photo(i * 10));
  const controller = new AbortController();
  const events: ImportProgress[] = [];
  const outcome = await importer.importPaths([album], {
    signal: controller.signal,
    onProgress: (progress) => {
      events.push(progress);
      if (progress.counts.imported === 5) controller.abort();
    },
  });
  assert.equal(outcome.canceled, true);
  assert.ok(outcome.counts.imported >= 5 && outcome.counts.imported < 24, `imported ${outcome.counts.imported}`);
  assert.equal(photos.list().length, outcome.counts.imported);
  assert.equal(jobCount(), outcome.counts.imported, 'every imported photo has its job');
  assert.equal(events[0]?.phase, 'running');
  assert.equal(events[0]?.counts.found, 0);
  assert.equal(events.at(-1)?.phase, 'canceled');
  for (let i = 1; i < events.length; i++) assert.ok((events[i]?.counts.found ?? 0) >= (events[i - 1]?.counts.found ?? 0));

  const rest = await importer.importPaths([album], { onProgress: (progress) => events.push(progress) });
  assert.equal(rest.canceled, false);
  assert.equal(rest.counts.unchanged, outcome.counts.imported);
  assert.equal(rest.counts.imported, 24 - outcome.counts.imported);
  assert.equal(events.at(-1)?.phase, 'done');
  assert.deepEqual(events.at(-1)?.counts, { ...rest.counts });
});

test('not recursive: sub-folders are listed; the output folder inside the album is never imported', async () => {
  let outputDir = '';
  const { importer, album, photos, db } = await setup({ excludedFolders: () => [outputDir] });
  outputDir = join(album, 'colorized');
  writeFileSync(join(album, 'top.jpg'), await photo(50));
  writeFileSync(join(album, '1950s', 'deep.jpg'), await photo(60));
  mkdirSync(outputDir);
  writeFileSync(join(outputDir, 'top.colorized.jpg'), await photo(70));

  const flat = await importer.importPaths([album], { recursive: false });
  assert.deepEqual(photos.list().map((p) => p.relPath), ['top.jpg']);
  assert.deepEqual(flat.skipped.map((s) => [s.name, s.code]), [['1950s', 'not-recursed'], ['colorized', 'not-recursed']]);
  assert.equal((db.prepare('SELECT recursive FROM albums').get() as { recursive: number }).recursive, 0);

  const deep = await importer.importPaths([album]);
  assert.deepEqual(photos.list().map((p) => p.relPath).sort(), ['1950s/deep.jpg', 'top.jpg']);
  assert.deepEqual(deep.skipped.map((s) => [s.name, s.code]), [['colorized', 'excluded']]);
  assert.equal((db.prepare('SELECT recursive FROM albums').get() as { recursive: number }).recursive, 1);
});

test('an upload is kept under the data dir and imported with its display name', async () => {
  const { photos, importer } = await setup();
  const result = await importer.importUpload({ name: 'C:\\Users\\me\\老照片.jpg', bytes: await photo(30) });
  assert.equal(result.photoIds.length, 1);
  const [listed] = photos.list();
  assert.equal(listed?.name, '老照片.jpg');
  const row = photos.row(listed?.id ?? '');
  assert.match(row?.source_path ?? '', /originals\/[0-9a-f]{64}\.jpg$/);
});

test('progress of a big import is throttled on the injected clock: at most one report per 100 ms, the start and the end always', async () => {
  // Each file opened moves the clock 30 ms: 40 files take 1.2 s of test time.
  let clockAdvance: (ms: number) => void = () => undefined;
  const openFile: OpenFile = async (path, flags) => {
    clockAdvance(30);
    return open(path, flags);
  };
  const { importer, album, clock } = await setup({ openFile, concurrency: 1 });
  clockAdvance = clock.advance;
  for (let i = 0; i < 40; i++) writeFileSync(join(album, `p${String(i).padStart(2, '0')}.jpg`), await photo(i * 5));
  const reports: Array<{ atMs: number; progress: ImportProgress }> = [];
  const outcome = await importer.importPaths([album], { onProgress: (progress) => reports.push({ atMs: clock.now(), progress }) });

  assert.equal(outcome.counts.imported, 40);
  assert.deepEqual(reports[0]?.progress, { phase: 'running', counts: { found: 0, imported: 0, duplicates: 0, unchanged: 0, skipped: 0, failed: 0 }, current: null });
  assert.equal(reports.at(-1)?.progress.phase, 'done');
  assert.deepEqual(reports.at(-1)?.progress.counts, outcome.counts, 'the final report carries the final counts');
  const running = reports.slice(0, -1);
  for (let i = 1; i < running.length; i++) {
    const gap = (running[i]?.atMs ?? 0) - (running[i - 1]?.atMs ?? 0);
    assert.ok(gap >= PROGRESS_INTERVAL_MS, `report ${i} came ${gap} ms after the one before`);
  }
  // 1.2 s of imports: about 12 reports instead of 40, and not none (the counter still moves).
  assert.ok(running.length >= 8 && running.length <= 14, `${running.length} running reports for 40 files`);
});

test('a clock that stands still: one report at the start and one at the end, whatever the number of files', async () => {
  const { importer, album } = await setup();
  for (let i = 0; i < 12; i++) writeFileSync(join(album, `p${String(i).padStart(2, '0')}.jpg`), await photo(i * 7));
  const reports: ImportProgress[] = [];
  await importer.importPaths([album], { onProgress: (progress) => reports.push(progress) });
  assert.deepEqual(reports.map((r) => [r.phase, r.counts.found]), [['running', 0], ['done', 12]]);
});

test('files of a folder dropped into a browser become one album with its sub-folders; dropping it again is a rescan', async () => {
  const { importer, photos, db, dataDir, jobCount } = await setup();
  const upload = (folderPath: string, bytes: Uint8Array | string) => importer.importUpload({ name: folderPath.split('/').pop() ?? '', bytes: typeof bytes === 'string' ? Buffer.from(bytes) : bytes, folderPath });
  const wedding = await photo(40);
  const oldCover = await photo(50);
  const results = [
    await upload('奶奶的相册/1962 婚礼/新娘.jpg', wedding),
    await upload('奶奶的相册/封面.jpg', oldCover),
    await upload('奶奶的相册/.hidden/secret.jpg', await photo(60)),
    await upload('奶奶的相册/1975/Thumbs.db', 'junk'),
    await upload('奶奶的相册/1975/notes.jpg', 'not a photo'),
  ];
  const albums = db.prepare('SELECT id, name, root_path, recursive FROM albums').all() as Array<{ id: string; name: string; root_path: string; recursive: number }>;
  assert.equal(albums.length, 1);
  assert.equal(albums[0]?.name, '奶奶的相册');
  assert.equal(albums[0]?.recursive, 1);
  assert.ok(isUploadedAlbum(dataDir, albums[0]?.root_path ?? ''), albums[0]?.root_path);
  const listed = photos.list();
  assert.deepEqual(listed.map((p) => [p.relPath, p.name, p.albumId]).sort(), [
    ['1962 婚礼/新娘.jpg', '新娘.jpg', albums[0]?.id],
    ['封面.jpg', '封面.jpg', albums[0]?.id],
  ]);
  assert.deepEqual(results.flatMap((r) => r.skipped.map((s) => [s.name, s.code])), [
    ['奶奶的相册/.hidden/secret.jpg', 'hidden'],
    ['奶奶的相册/1975/Thumbs.db', 'junk'],
  ]);
  assert.deepEqual(results.flatMap((r) => r.rejected.map((s) => [s.name, s.code])), [['奶奶的相册/1975/notes.jpg', 'not-an-image']]);
  assert.equal(jobCount(), 2);

  // The same folder again, one photo changed: the unchanged one is recognised, the changed one
  // comes in and its old content no longer waits for its turn.
  const again = await upload('奶奶的相册/1962 婚礼/新娘.jpg', wedding);
  assert.deepEqual([again.counts.unchanged, again.photoIds.length], [1, 0]);
  const changed = await upload('奶奶的相册/封面.jpg', await photo(55));
  assert.equal(changed.counts.imported, 1);
  const oldRow = listed.find((p) => p.relPath === '封面.jpg');
  assert.equal(photos.dto(oldRow?.id ?? '')?.job?.state, 'canceled');
  assert.equal((db.prepare('SELECT COUNT(*) AS n FROM albums').get() as { n: number }).n, 1);

  // An unsafe folder path never reaches the disk or the database.
  for (const bad of ['../../etc/passwd.jpg', '/abs/a.jpg', 'a/../../b.jpg', 'a\\b.jpg', 'a/b\u0000.jpg']) {
    await assert.rejects(importer.importUpload({ name: bad.split('/').pop() ?? '', bytes: await photo(70), folderPath: bad }), (error: Error & { code?: string }) => error.code === 'invalid-upload-path', bad);
  }
  assert.equal(photos.list().length, 3);
});
