import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_NAME_BYTES, outputFileName, safeComponent, truncateToBytes } from './naming';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
const parts = (stem: string, pattern = '{name}.colorized') => ({ pattern, stem, workflowId: 'ddcolor-portrait', date: '2026-03-01' });

test('tokens: {name}, {workflow} (a user file is named by its file), {date}', () => {
  assert.equal(outputFileName(parts('Grandma 1952'), 'png', 1), 'Grandma 1952.colorized.png');
  assert.equal(outputFileName(parts('Grandma 1952'), 'png', 3), 'Grandma 1952.colorized (3).png');
  assert.equal(outputFileName(parts('奶奶', '{date} {name} ({workflow})'), 'jpg', 1), '2026-03-01 奶奶 (ddcolor-portrait).jpg');
  assert.equal(outputFileName({ ...parts('a', '{name}-{workflow}'), workflowId: 'file:/home/me/My Flow.json' }, 'png', 1), 'a-My Flow.png');
});

test('characters no file system accepts are replaced; device names and trailing dots are defused', () => {
  assert.equal(outputFileName(parts('a', '{name}: <b>/"c"|?*'), 'png', 1), 'a_ _b___c____.png');
  assert.equal(safeComponent('CON'), '_CON');
  assert.equal(safeComponent('nul.txt'), '_nul.txt');
  assert.equal(safeComponent('photo. . '), 'photo');
  assert.equal(safeComponent('..'), 'photo');
  assert.equal(safeComponent('a\u0000b\u001fc'), 'a_b_c');
});

test('long names are cut between characters to leave room for the suffix, the number and the temp name', () => {
  const stem = '很长的名字'.repeat(40); // 600 bytes
  for (const n of [1, 2, 999]) {
    const name = outputFileName(parts(stem), 'webp', n);
    assert.ok(bytes(name) <= MAX_NAME_BYTES, `${bytes(name)} bytes`);
    assert.ok(name.endsWith(n === 1 ? '.colorized.webp' : `.colorized (${n}).webp`));
    assert.ok(!name.includes('\uFFFD'));
  }
  const family = '👨‍👩‍👧‍👦'; // one grapheme, 25 bytes
  assert.equal(truncateToBytes(family.repeat(3), 60), family.repeat(2));
  assert.equal(truncateToBytes(family, 24), '');
});

test('names are NFC: a Mac album (NFD) and a Windows one (NFC) give the same output name', () => {
  assert.equal(outputFileName(parts('Cafe\u0301'), 'png', 1), outputFileName(parts('Caf\u00e9'), 'png', 1));
});
