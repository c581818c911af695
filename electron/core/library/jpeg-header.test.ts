import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { readJpegHeader } from './jpeg-header';
import { photo } from './test-images';

test('size, components, EXIF and ICC (also a profile split over many APP2 chunks) match what libvips reads', async () => {
  const source = await photo(320, 200, 1).png().toBuffer();
  const cases: Array<[string, Promise<Buffer>]> = [
    ['baseline', sharp(source).jpeg().toBuffer()],
    ['progressive + EXIF', sharp(source).withExif({ IFD0: { Make: 'Seagull' } }).jpeg({ progressive: true }).toBuffer()],
    ['grey', sharp(source).toColourspace('b-w').jpeg().toBuffer()],
    ['p3 profile', sharp(source).withIccProfile('p3').jpeg().toBuffer()],
    ['CMYK, ~1 MB profile in 15 chunks', sharp(source).withIccProfile('cmyk').jpeg().toBuffer()],
  ];
  for (const [label, pending] of cases) {
    const bytes = await pending;
    const ours = readJpegHeader(bytes);
    const theirs = await sharp(bytes).metadata();
    assert.ok(ours, label);
    assert.deepEqual([ours.width, ours.height, ours.components], [theirs.width, theirs.height, theirs.channels], label);
    assert.deepEqual(ours.exif, theirs.exif, `${label}: EXIF`);
    assert.deepEqual(ours.icc, theirs.icc, `${label}: ICC`);
  }
});

test('not a JPEG, or no frame before the data: undefined (sharp decides)', () => {
  assert.equal(readJpegHeader(Buffer.from('hello')), undefined);
  assert.equal(readJpegHeader(Buffer.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x02])), undefined);
  assert.equal(readJpegHeader(Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff, 0x00])), undefined, 'a segment longer than the file');
});
