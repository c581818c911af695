import assert from 'node:assert/strict';
import { test } from 'node:test';
import { imageRefs, sniffImage, unsafeRefReason } from './images';

void test('unsafe output references are named, safe ones pass', () => {
  const ok = (filename: string, subfolder = '', type = 'output') => unsafeRefReason({ filename, subfolder, type });
  for (const [filename, subfolder] of [['ddcolor_00001_.png', 'heirloom'], ['photo (1) & 家.png', ''], ['x.png', 'a/b']] as const) {
    assert.equal(ok(filename, subfolder), null, filename);
  }
  assert.equal(ok('x.png', '', 'temp'), null);
  for (const filename of ['../x.png', '/etc/passwd', 'a\\b.png', '..', 'a\0b.png', 'C:evil.png', '', 'x..png']) {
    assert.notEqual(ok(filename), null, JSON.stringify(filename));
  }
  for (const subfolder of ['..', '../up', 'a/../../b', '/abs', 'a\\b', 'C:/x', 'a/./b', 'x\0']) {
    assert.notEqual(ok('x.png', subfolder), null, JSON.stringify(subfolder));
  }
  assert.match(ok('x.png', '', 'secret') ?? '', /unknown folder type "secret"/);
});

void test('imageRefs reads every node and skips malformed items', () => {
  assert.deepEqual(
    imageRefs({
      '13': { images: [{ filename: 'scaled_00001_.png', subfolder: 'e2e', type: 'output' }] },
      '14': { images: [{ filename: 'ComfyUI_temp_ipxym_00001_.png', subfolder: '', type: 'temp' }, 'junk', null, { subfolder: 'x' }] },
      '15': { text: ['hello'] },
      '16': null,
      '17': { images: [{ filename: 'bare.png' }] },
    }),
    [
      { nodeId: '13', filename: 'scaled_00001_.png', subfolder: 'e2e', type: 'output' },
      { nodeId: '14', filename: 'ComfyUI_temp_ipxym_00001_.png', subfolder: '', type: 'temp' },
      { nodeId: '17', filename: 'bare.png', subfolder: '', type: 'output' },
    ],
  );
});

void test('magic bytes: PNG, JPEG, WEBP, TIFF (both byte orders); anything else is not an image', () => {
  const b = (...bytes: number[]) => new Uint8Array(bytes);
  assert.equal(sniffImage(b(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0)), 'png');
  assert.equal(sniffImage(b(0xff, 0xd8, 0xff, 0xe0)), 'jpeg');
  assert.equal(sniffImage(new Uint8Array(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'))), 'webp');
  assert.equal(sniffImage(b(0x49, 0x49, 0x2a, 0x00, 8)), 'tiff');
  assert.equal(sniffImage(b(0x4d, 0x4d, 0x00, 0x2a, 0)), 'tiff');
  assert.equal(sniffImage(new Uint8Array(Buffer.from('<html>nope</html>'))), null);
  assert.equal(sniffImage(new Uint8Array(Buffer.from('RIFF\x10\x00\x00\x00WAVE', 'latin1'))), null);
  assert.equal(sniffImage(b()), null);
  assert.equal(sniffImage(b(0x89, 0x50)), null);
});
