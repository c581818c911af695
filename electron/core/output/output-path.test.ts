import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { tempDir } from '../testing/test-db';
import { chooseOutputPath, outputCandidates } from './output-path';
import { removeStaleTemps, writeFileAtomically } from './write-atomically';
import { readdirSync, readFileSync } from 'node:fs';
import { MAX_NAME_BYTES } from './naming';

const dirs: Array<() => void> = [];
after(() => dirs.forEach((remove) => remove()));

test('the album tree is mirrored and the original name kept with a suffix', () => {
  const [first, second] = outputCandidates('/out', '1950s/奶奶 的照片.jpg', 'png');
  assert.equal(first, join('/out', '1950s', '奶奶 的照片.colorized.png'));
  assert.equal(second, join('/out', '1950s', '奶奶 的照片.colorized (2).png'));
});

test('the naming pattern applies; folders are mirrored as NFC and every name fits the file system', () => {
  const naming = { pattern: '{date} {name}', workflowId: 'ddcolor-portrait', date: '2026-03-01' };
  assert.equal(outputCandidates('/out', 'Cafe\u0301/👵🏻 外婆.tif', 'jpg', 1, naming)[0], join('/out', 'Caf\u00e9', '2026-03-01 👵🏻 外婆.jpg'));
  const [long] = outputCandidates('/out', `${'长'.repeat(120)}.jpg`, 'png', 1);
  assert.ok(Buffer.byteLength(long?.split('/').pop() ?? '') <= MAX_NAME_BYTES);
});

test('a hostile relative path never leaves the output root', () => {
  for (const rel of ['../../etc/passwd', '/etc/passwd', 'a/../../b.jpg']) {
    for (const candidate of outputCandidates('/out', rel, 'png', 3)) assert.ok(candidate.startsWith('/out/'), candidate);
  }
});

test('existing files, originals and reserved names are skipped, never overwritten', () => {
  const dir = tempDir('output');
  dirs.push(dir.remove);
  const candidates = outputCandidates(dir.path, 'photo.jpg', 'png', 5);
  writeFileSync(candidates[0] as string, 'somebody else');
  const reserved = new Set([candidates[2]]);
  const chosen = chooseOutputPath(
    candidates,
    (path) => path === candidates[1],
    (path) => !reserved.has(path),
  );
  assert.equal(chosen, candidates[3]);
  assert.equal(readFileSync(candidates[0] as string, 'utf8'), 'somebody else');
});

test('atomic write leaves only the final file', async () => {
  const dir = tempDir('atomic');
  dirs.push(dir.remove);
  const path = join(dir.path, 'deep', 'folder', '结果.png');
  await writeFileAtomically(path, Buffer.from('pixels'));
  assert.equal(readFileSync(path, 'utf8'), 'pixels');
  assert.deepEqual(readdirSync(join(dir.path, 'deep', 'folder')), ['结果.png']);
});

test('temp files left by a killed write of that path are removed', async () => {
  const dir = tempDir('stale');
  dirs.push(dir.remove);
  const path = join(dir.path, 'a.colorized.png');
  writeFileSync(join(dir.path, '.a.colorized.png.0123456789ab.tmp'), 'half');
  writeFileSync(join(dir.path, '.other.png.0123456789ab.tmp'), 'not ours');
  await removeStaleTemps(path);
  await writeFileAtomically(path, Buffer.from('whole'));
  assert.deepEqual(readdirSync(dir.path).sort(), ['.other.png.0123456789ab.tmp', 'a.colorized.png']);
});

test('no-clobber write never replaces a file that appeared meanwhile, and leaves no temp behind', async () => {
  const dir = tempDir('noclobber');
  dirs.push(dir.remove);
  const path = join(dir.path, 'a.colorized.png');
  writeFileSync(path, 'somebody else');
  await assert.rejects(writeFileAtomically(path, Buffer.from('ours'), { noClobber: true }), { code: 'EEXIST' });
  assert.equal(readFileSync(path, 'utf8'), 'somebody else');
  assert.deepEqual(readdirSync(dir.path), ['a.colorized.png']);
  await writeFileAtomically(join(dir.path, 'b.png'), Buffer.from('ours'), { noClobber: true });
  assert.deepEqual(readdirSync(dir.path).sort(), ['a.colorized.png', 'b.png']);
});
