import assert from 'node:assert/strict';
import { test } from 'node:test';
import { uploadPlace } from './upload-path';

test('a file of a dropped folder: the first segment is the album, the rest its place in it', () => {
  assert.deepEqual(uploadPlace('新娘.jpg', '奶奶的相册/1962 婚礼/新娘.jpg'), {
    ok: true,
    place: { kind: 'album', albumName: '奶奶的相册', relPath: '1962 婚礼/新娘.jpg', name: '新娘.jpg' },
  });
  assert.deepEqual(uploadPlace('a.jpg', 'Grandma/a.jpg'), { ok: true, place: { kind: 'album', albumName: 'Grandma', relPath: 'a.jpg', name: 'a.jpg' } });
});

test('a loose file keeps only its own name (a browser may send a whole Windows path)', () => {
  assert.deepEqual(uploadPlace('C:\\Users\\me\\老照片.jpg', undefined), { ok: true, place: { kind: 'loose', name: '老照片.jpg' } });
  assert.deepEqual(uploadPlace('Thumbs.db', undefined), { ok: true, place: { kind: 'skipped', shownPath: 'Thumbs.db', code: 'junk', reason: 'System file, not a photo.' } });
});

test('decomposed (macOS) names are made NFC, so the same folder from two systems is one album', () => {
  const result = uploadPlace('Cafe\u0301.jpg', 'Re\u0301union/Cafe\u0301.jpg');
  assert.deepEqual(result, { ok: true, place: { kind: 'album', albumName: 'R\u00e9union', relPath: 'Caf\u00e9.jpg', name: 'Caf\u00e9.jpg' } });
});

test('junk and hidden entries are skipped with the codes a walk on disk gives them', () => {
  const skipped = (name: string, path: string) => {
    const result = uploadPlace(name, path);
    return result.ok && result.place.kind === 'skipped' ? [result.place.code, result.place.reason] : result;
  };
  assert.deepEqual(skipped('.DS_Store', 'Grandma/.DS_Store'), ['junk', 'System file, not a photo.']);
  assert.deepEqual(skipped('desktop.ini', 'Grandma/1962/desktop.ini'), ['junk', 'System file, not a photo.']);
  assert.deepEqual(skipped('._a.jpg', 'Grandma/._a.jpg'), ['junk', 'System file, not a photo.']);
  assert.deepEqual(skipped('.secret.jpg', 'Grandma/.secret.jpg'), ['hidden', 'Hidden file, not imported.']);
  assert.deepEqual(skipped('a.jpg', 'Grandma/.git/a.jpg'), ['hidden', 'In a hidden folder, not imported.']);
});

test('an unsafe folder path is refused with a reason that says what is wrong', () => {
  const cases: Array<[name: string, path: string, reason: RegExp]> = [
    ['a.jpg', '../a.jpg', /'\.' or '\.\.'/],
    ['a.jpg', 'Grandma/../../a.jpg', /'\.' or '\.\.'/],
    ['a.jpg', 'Grandma/./a.jpg', /'\.' or '\.\.'/],
    ['a.jpg', '/etc/a.jpg', /not absolute/],
    ['a.jpg', 'C:/Users/a.jpg', /not absolute/],
    ['a.jpg', 'Grandma\\a.jpg', /'\/' between folders/],
    ['a.jpg', 'Grandma//a.jpg', /empty folder name/],
    ['a.jpg', 'Grandma/a.jpg/', /empty folder name/],
    ['a.jpg', 'Grandma/a\u0000.jpg', /control characters/],
    ['a.jpg', 'Grandma/\u001b[31ma.jpg', /control characters/],
    ['a\u0000.jpg', 'Grandma/a.jpg', /file name contains control characters/],
    ['a.jpg', '', /empty/],
    ['a.jpg', 'a.jpg', /start with the dropped folder/],
    ['a.jpg', 'Grandma/b.jpg', /ends in "b\.jpg", not in the file's name "a\.jpg"/],
    ['a.jpg', `${'x/'.repeat(2100)}a.jpg`, /longer than 4096/],
  ];
  for (const [name, path, reason] of cases) {
    const result = uploadPlace(name, path);
    assert.equal(result.ok, false, JSON.stringify(path));
    if (!result.ok) assert.match(result.reason, reason, JSON.stringify(path));
  }
});
