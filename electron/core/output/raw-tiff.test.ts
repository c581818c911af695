import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { canWrapRawTiff, rawRgbTiff } from './raw-tiff';

void test('libvips reads the wrapped pixels back unchanged, at 8 and at 16 bits', async () => {
  assert.ok(canWrapRawTiff, 'the test machines are little-endian');
  const width = 37; // odd: no row padding may creep in
  const height = 11;
  const eight = Uint8Array.from({ length: width * height * 3 }, (_, i) => (i * 31) % 256);
  const sixteen = Uint16Array.from({ length: width * height * 3 }, (_, i) => (i * 7919) % 65536);
  for (const [depth, data] of [[8, eight], [16, sixteen]] as const) {
    const tiff = rawRgbTiff({ width, height, depth, data });
    const meta = await sharp(tiff).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height, meta.channels, meta.depth], ['tiff', width, height, 3, depth === 16 ? 'ushort' : 'uchar']);
    // sharp's output is 8-bit sRGB unless told: 16-bit read back as RGB16, as render-output writes it.
    const back = await (depth === 16 ? sharp(tiff).toColourspace('rgb16').raw({ depth: 'ushort' }) : sharp(tiff).raw()).toBuffer();
    assert.ok(back.equals(Buffer.from(data.buffer, data.byteOffset, data.byteLength)), `${depth}-bit samples unchanged`);
  }
});

void test('an ICC profile travels in the TIFF as the image\'s own', async () => {
  const icc = (await sharp({ create: { width: 2, height: 2, channels: 3, background: '#fff' } }).withIccProfile('p3').png().toBuffer().then((png) => sharp(png).metadata())).icc;
  assert.ok(icc, 'a P3 profile to carry');
  const odd = Buffer.concat([icc, Buffer.from([0x2a])]); // an odd length: the pixels after it stay at an even offset
  for (const profile of [icc, odd]) {
    const tiff = rawRgbTiff({ width: 3, height: 2, depth: 8, data: new Uint8Array(18).fill(9) }, { icc: profile });
    const meta = await sharp(tiff).metadata();
    assert.ok(meta.icc?.equals(profile), `${profile.length}-byte profile read back as it is`);
    assert.ok((await sharp(tiff).raw().toBuffer()).equals(Buffer.alloc(18, 9)));
  }
});

void test('pixels that do not fill the size are refused', () => {
  assert.throws(() => rawRgbTiff({ width: 4, height: 4, depth: 8, data: new Uint8Array(47) }), /4×4 RGB at 8 bits is 48 bytes, not 47/);
});
