import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importDialogOptions, importFromDialog, importSummary, recursionAnswer, recursionQuestion, type ImportKind } from './imports';

const metadata = { takenAt: null, camera: null, gps: null, iccProfile: null, orientation: 1, bitDepth: 8 };
const photo = (name: string) => ({ id: name, albumId: null, name, relPath: name, width: 640, height: 480, format: 'jpeg', importedAtMs: 1, isColor: false, metadata, job: null });
const result = (fields: object) => ({ importId: 'i1', photos: [], rejected: [], skipped: [], duplicates: 0, unchanged: 0, canceled: false, ...fields });

void test('dialog options: several files with an image filter, or folders', () => {
  assert.deepEqual(importDialogOptions('files').properties, ['openFile', 'multiSelections']);
  assert.deepEqual(importDialogOptions('files').filters?.[0]?.extensions, ['jpg', 'jpeg', 'png', 'tif', 'tiff', 'webp']);
  assert.deepEqual(importDialogOptions('folder').properties, ['openDirectory', 'multiSelections']);
});

void test('a clean import says nothing', () => {
  assert.equal(importSummary({ ok: true, result: result({ photos: [photo('a.jpg')], duplicates: 2, skipped: [{ name: 'Thumbs.db', code: 'junk', reason: 'System file' }] }) }), undefined);
});

void test('skipped files are listed with their reasons, long lists cut', () => {
  const rejected = Array.from({ length: 17 }, (_, i) => ({ name: `f${i}.jpg`, code: 'not-an-image', reason: 'not an image' }));
  const summary = importSummary({ ok: true, result: result({ photos: [photo('奶奶.jpg')], rejected, duplicates: 1 }) });
  assert.equal(summary?.type, 'warning');
  assert.equal(summary.message, '17 files skipped (1 added, 1 already in the library)');
  const lines = summary.detail?.split('\n') ?? [];
  assert.equal(lines.length, 16);
  assert.equal(lines[0], 'f0.jpg: not an image');
  assert.equal(lines[15], '…and 2 more');
});

void test('a failed command or an unexpected answer is an error box', () => {
  const failed = importSummary({ ok: false, error: { code: 'invalid-arguments', message: 'paths: too many' } });
  assert.deepEqual(failed, { type: 'error', message: 'The photos could not be added', detail: 'paths: too many (invalid-arguments)' });
  assert.equal(importSummary({ ok: true, result: { photos: 'nope' } })?.type, 'error');
});

void test('a folder from the dialog is asked about: subfolders ticked by default; the answer goes to importPaths', async () => {
  const question = recursionQuestion(['/home/me/Scans/Grandma']);
  assert.equal(question.checkboxLabel, 'Include subfolders');
  assert.equal(question.checkboxChecked, true);
  assert.equal(question.message, 'Add this folder as an album?');
  assert.equal(question.detail, '/home/me/Scans/Grandma');
  assert.equal(recursionAnswer({ response: 0, checkboxChecked: true }), true);
  assert.equal(recursionAnswer({ response: 0, checkboxChecked: false }), false);
  assert.equal(recursionAnswer({ response: 1, checkboxChecked: true }), undefined, 'Cancel adds nothing');

  const run = async (kind: ImportKind, answer: { response: number; checkboxChecked: boolean }) => {
    const imported: unknown[] = [];
    const boxes: unknown[] = [];
    await importFromDialog(kind, {
      showOpenDialog: async () => ({ canceled: false, filePaths: ['/scans/a', '/scans/b'] }),
      showMessageBox: async (options) => (boxes.push(options.message), answer),
      importPaths: async (args) => (imported.push(args), { ok: true, result: result({}) }),
    });
    return { imported, boxes };
  };
  assert.deepEqual(await run('folder', { response: 0, checkboxChecked: false }), { imported: [{ paths: ['/scans/a', '/scans/b'], recursive: false }], boxes: ['Add these 2 folders as albums?'] });
  assert.deepEqual(await run('folder', { response: 0, checkboxChecked: true }), { imported: [{ paths: ['/scans/a', '/scans/b'], recursive: true }], boxes: ['Add these 2 folders as albums?'] });
  assert.deepEqual(await run('folder', { response: 1, checkboxChecked: true }), { imported: [], boxes: ['Add these 2 folders as albums?'] });
  // Files are not asked about.
  assert.deepEqual(await run('files', { response: 0, checkboxChecked: false }), { imported: [{ paths: ['/scans/a', '/scans/b'] }], boxes: [] });
});
