import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { imageForComfy } from './comfy-upload';
import { photo } from './test-images';

test('JPEG, WebP and 8-bit PNG go to ComfyUI as they are', async () => {
  for (const [name, bytes] of [
    ['a.jpg', await photo(60, 40, 1).jpeg().toBuffer()],
    ['a.webp', await photo(60, 40, 1).webp().toBuffer()],
    ['a.png', await photo(60, 40, 1).png().toBuffer()],
  ] as const) {
    const upload = await imageForComfy(bytes, name);
    assert.equal(upload.bytes, bytes, name);
    assert.equal(upload.fileName, name);
  }
});

test('16-bit and TIFF photos become upright 8-bit PNGs with the same tones and the same profile', async () => {
  const source = await photo(300, 200, 2).png().toBuffer();
  const sourceMean = (await sharp(source).greyscale().stats()).channels[0]?.mean ?? 0;
  const cases: Array<[string, Buffer, number, number]> = [
    ['grey16.png', await sharp(source).toColourspace('grey16').png().toBuffer(), 300, 200],
    ['scan.tif', await sharp(source).toColourspace('rgb16').withIccProfile('p3').tiff({ compression: 'lzw' }).toBuffer(), 300, 200],
    ['turned.tif', await sharp(source).withMetadata({ orientation: 6 }).tiff({ compression: 'lzw' }).toBuffer(), 200, 300],
  ];
  for (const [name, bytes, width, height] of cases) {
    const upload = await imageForComfy(bytes, name);
    assert.equal(upload.fileName, name.replace(/\.\w+$/, '.png'), name);
    const meta = await sharp(upload.bytes).metadata();
    assert.deepEqual([meta.format, meta.depth, meta.width, meta.height, meta.orientation ?? 1], ['png', 'uchar', width, height, 1], name);
    const mean = (await sharp(upload.bytes).keepIccProfile().greyscale().stats()).channels[0]?.mean ?? 0;
    assert.ok(Math.abs(mean - sourceMean) < 3, `${name}: tones kept (${mean.toFixed(1)} vs ${sourceMean.toFixed(1)})`);
    if (name === 'scan.tif') assert.ok(meta.icc?.equals((await sharp(bytes).metadata()).icc ?? Buffer.alloc(0)), 'profile attached, not applied');
  }
});
