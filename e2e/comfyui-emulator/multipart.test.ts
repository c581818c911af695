// ComfyUI emulator (test infrastructure): multipart parsing as aiohttp's request.post() sees it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BodyTooLarge } from './http';
import { MalformedMultipart, multipartBoundary, parseMultipart } from './multipart';
import { readForm } from './upload';

const crlf = (lines: string[]): Buffer => Buffer.from(lines.join('\r\n'), 'utf8');

test('boundary from Content-Type, quoted or not; other types have none', () => {
  assert.equal(multipartBoundary('multipart/form-data; boundary=abc'), 'abc');
  assert.equal(multipartBoundary('Multipart/Form-Data; boundary="a;b c"'), 'a;b c');
  assert.equal(multipartBoundary('application/json'), null);
  assert.equal(multipartBoundary(undefined), null);
});

test('file and text parts, RFC 5987 filename*, quoted-pair escapes, empty filename = text', () => {
  const body = crlf([
    '--XX',
    'Content-Disposition: form-data; name="image"; filename*=UTF-8\'\'%E8%80%81%E7%85%A7%E7%89%87.png',
    'Content-Type: image/png',
    '',
    '\u0089PNG-bytes',
    '--XX',
    'Content-Disposition: form-data; name="other"; filename="a \\"quoted\\" name.png"',
    '',
    'x',
    '--XX',
    'Content-Disposition: form-data; name="subfolder"',
    '',
    '相册/1970',
    '--XX',
    'Content-Disposition: form-data; name="empty"; filename=""',
    '',
    '',
    '--XX--',
    '',
  ]);
  const fields = parseMultipart(body, 'XX');
  assert.deepEqual(
    fields.map((f) => (f.kind === 'file' ? [f.kind, f.name, f.filename, f.contentType] : [f.kind, f.name, f.value])),
    [
      ['file', 'image', '老照片.png', 'image/png'],
      ['file', 'other', 'a "quoted" name.png', 'application/octet-stream'],
      ['text', 'subfolder', '相册/1970'],
      ['text', 'empty', ''],
    ],
  );
  const first = fields[0];
  assert.ok(first?.kind === 'file');
  assert.equal(first.data.toString('utf8'), '\u0089PNG-bytes');
});

test('binary payloads containing CRLF and dashes survive', () => {
  const payload = Buffer.from([0x0d, 0x0a, 0x2d, 0x2d, 0x58, 0x00, 0xff, 0x0d, 0x0a]);
  const body = Buffer.concat([crlf(['--XX', 'Content-Disposition: form-data; name="image"; filename="b.bin"', '', '']), payload, crlf(['', '--XX--', ''])]);
  const [field] = parseMultipart(body, 'XX');
  assert.ok(field?.kind === 'file');
  assert.deepEqual(field.data, payload);
});

test('malformed bodies are errors, oversized parts are 413s', () => {
  assert.throws(() => parseMultipart(Buffer.from('no boundary here'), 'XX'), MalformedMultipart);
  assert.throws(() => parseMultipart(crlf(['--XX', 'Content-Disposition: form-data; name="a"', '', 'never closed']), 'XX'), MalformedMultipart);
  const big = crlf(['--XX', 'Content-Disposition: form-data; name="image"; filename="big.png"', '', 'x'.repeat(2048), '--XX--', '']);
  assert.throws(
    () => readForm(big, 'multipart/form-data; boundary=XX', 1024),
    (e: unknown) => e instanceof BodyTooLarge && e.message === 'Maximum request body size 1024 exceeded, actual body size 2048',
  );
  assert.deepEqual(readForm(Buffer.from('type=input&subfolder=a+b'), 'application/x-www-form-urlencoded', 1024), [
    { kind: 'text', name: 'type', value: 'input' },
    { kind: 'text', name: 'subfolder', value: 'a b' },
  ]);
});
