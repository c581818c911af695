import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { inspectImage } from './inspect-image';

const gray = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 120, g: 120, b: 120 } } });

test('a JPEG is accepted with its size, hash and a thumbnail', async () => {
  const bytes = await gray(640, 480).jpeg().toBuffer();
  const result = await inspectImage(bytes);
  assert.ok(result.ok);
  assert.equal(result.format, 'jpeg');
  assert.equal(result.width, 640);
  assert.equal(result.height, 480);
  assert.match(result.sha256, /^[0-9a-f]{64}$/);
  const thumb = await sharp(result.thumbnailJpeg).metadata();
  assert.equal(thumb.width, 256);
});

test('bad input gets a specific reason', async () => {
  const png = await gray(64, 64).png().toBuffer();
  const cases: Array<[string, Uint8Array, string]> = [
    ['empty', new Uint8Array(), 'empty'],
    ['text renamed .jpg', Buffer.from('hello, this is not a photo'), 'not-an-image'],
    ['truncated PNG', png.subarray(0, Math.floor(png.length / 2)), 'corrupt'],
  ];
  for (const [label, bytes, code] of cases) {
    const result = await inspectImage(bytes);
    assert.equal(result.ok, false, label);
    if (!result.ok) {
      assert.equal(result.code, code, label);
      assert.ok(result.reason.length > 10, label);
    }
  }
});

test('EXIF orientation 6 swaps the reported size', async () => {
  const bytes = await gray(300, 200).withMetadata({ orientation: 6 }).jpeg().toBuffer();
  const result = await inspectImage(bytes);
  assert.ok(result.ok);
  assert.equal(result.width, 200);
  assert.equal(result.height, 300);
});
