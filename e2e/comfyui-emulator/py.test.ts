// ComfyUI emulator (test infrastructure): Python formatting the error bodies depend on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PyException, pyFloat, pyFloatRepr, pyInt, pyJsonDumps, pyRepr, pyRound, pyStrRepr } from './py';
import { pyDirname, pyJoin, pyNormpath, pySplitext } from './pypath';

test('float repr like CPython', () => {
  const cases: Array<[number, string]> = [
    [100, '100.0'],
    [8, '8.0'],
    [0.01, '0.01'],
    [0.5, '0.5'],
    [1e-5, '1e-05'],
    [0.0001, '0.0001'],
    [1e16, '1e+16'],
    [1234567890123456, '1234567890123456.0'],
    [1.5e300, '1.5e+300'],
    [-2.25, '-2.25'],
    [0, '0.0'],
    [Number.NaN, 'nan'],
    [-Infinity, '-inf'],
  ];
  for (const [x, expected] of cases) assert.equal(pyFloatRepr(x), expected, String(x));
});

test('repr of strings and lists like CPython', () => {
  assert.equal(pyStrRepr('magic'), "'magic'");
  assert.equal(pyStrRepr("it's"), '"it\'s"');
  assert.equal(pyStrRepr('a\'b"c'), "'a\\'b\"c'");
  assert.equal(pyStrRepr('tab\there\n'), "'tab\\there\\n'");
  assert.equal(pyStrRepr('老照片'), "'老照片'");
  assert.equal(pyRepr(['nearest-exact', 'bilinear']), "['nearest-exact', 'bilinear']");
  assert.equal(pyRepr({ a: [1, 2.5, null, true] }), "{'a': [1, 2.5, None, True]}");
});

test('json.dumps defaults: spaced separators, ASCII only', () => {
  assert.equal(pyJsonDumps({ prompt_id: 'x', number: 0, node_errors: {} }), '{"prompt_id": "x", "number": 0, "node_errors": {}}');
  assert.equal(pyJsonDumps({ name: '老照片 (1).png', list: [1, 'a"b'] }), '{"name": "\\u8001\\u7167\\u7247 (1).png", "list": [1, "a\\"b"]}');
  assert.equal(pyJsonDumps([0.5, Number.NaN, null, false]), '[0.5, NaN, null, false]');
  assert.deepEqual(JSON.parse(pyJsonDumps({ s: '\u0001\u007f😀' })), { s: '\u0001\u007f😀' });
});

test('int() and float() conversions raise what CPython raises', () => {
  assert.equal(pyInt('  42 '), 42);
  assert.equal(pyInt(3.9), 3);
  assert.equal(pyInt(true), 1);
  assert.equal(pyInt('1_000'), 1000);
  assert.throws(() => pyInt('abc'), (e: unknown) => e instanceof PyException && e.pyType === 'ValueError' && e.message === "invalid literal for int() with base 10: 'abc'");
  assert.throws(() => pyInt('1.5'), /invalid literal for int\(\) with base 10: '1.5'/);
  assert.throws(() => pyInt(null), /int\(\) argument must be a string, a bytes-like object or a real number, not 'NoneType'/);
  assert.equal(pyFloat('1e3'), 1000);
  assert.equal(pyFloat(' .5'), 0.5);
  assert.equal(pyFloat('-inf'), -Infinity);
  assert.throws(() => pyFloat('x1'), /could not convert string to float: 'x1'/);
  assert.throws(() => pyFloat([]), /float\(\) argument must be a string or a real number, not 'list'/);
});

test("round() is banker's rounding", () => {
  assert.deepEqual([0.5, 1.5, 2.5, 2.6, -0.5, -1.5].map(pyRound), [0, 2, 2, 3, 0, -2]);
});

test('posixpath helpers', () => {
  assert.equal(pyJoin('/out', '/etc'), '/etc');
  assert.equal(pyJoin('/out', 'e2e'), '/out/e2e');
  assert.equal(pyNormpath(''), '.');
  assert.equal(pyNormpath('a/b/../c/'), 'a/c');
  assert.equal(pyDirname('e2e/scaled'), 'e2e');
  assert.equal(pyDirname('scaled'), '');
  assert.deepEqual(pySplitext('photo.final.png'), ['photo.final', '.png']);
  assert.deepEqual(pySplitext('.hidden'), ['.hidden', '']);
});
