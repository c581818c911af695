import assert from 'node:assert/strict';
import { test } from 'node:test';
import { importDialogOptions, importSummary } from './imports';

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
