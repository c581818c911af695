import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { COLOR_RESIDUAL_THRESHOLD } from './color-check';
import { heicDecodable, inspectImage, MAX_INPUT_PIXELS } from './inspect-image';
import { heicHeader, photo, pngClaiming, tiffClaiming } from './test-images';

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
  const jpeg = await photo(400, 300, 1).jpeg().toBuffer();
  const cases: Array<[string, Uint8Array, string, RegExp]> = [
    ['empty', new Uint8Array(), 'empty', /empty/],
    ['text renamed .jpg', Buffer.from('hello, this is not a photo'), 'not-an-image', /not JPEG, PNG/],
    ['truncated PNG', png.subarray(0, Math.floor(png.length / 2)), 'corrupt', /damaged or truncated/],
    ['truncated JPEG', jpeg.subarray(0, Math.floor(jpeg.length * 0.6)), 'corrupt', /damaged or truncated/],
    ['20000×20000 PNG', pngClaiming(20_000, 20_000), 'too-many-pixels', /20000×20000 pixels.*decompression bomb/],
    ['huge TIFF', tiffClaiming(1_000_000, 1_000_000), 'too-many-pixels', /1000000×1000000 pixels/],
  ];
  for (const [label, bytes, code, reason] of cases) {
    const result = await inspectImage(bytes);
    assert.equal(result.ok, false, label);
    if (!result.ok) {
      assert.equal(result.code, code, label);
      assert.match(result.reason, reason, label);
    }
  }
  assert.ok(20_000 * 20_000 > MAX_INPUT_PIXELS);
});

test('HEIC: decoded when this build can, otherwise refused with a clear message', async () => {
  const result = await inspectImage(heicHeader());
  assert.equal(result.ok, false);
  if (heicDecodable()) {
    assert.equal(!result.ok && result.code, 'corrupt', 'a header without image data is damaged');
  } else {
    assert.equal(!result.ok && result.code, 'unsupported-format');
    assert.match(!result.ok ? result.reason : '', /HEIC is not supported by this build/);
  }
});

test('EXIF orientation 6 swaps the reported size and the thumbnail is upright', async () => {
  const bytes = await gray(300, 200).withMetadata({ orientation: 6 }).jpeg().toBuffer();
  const result = await inspectImage(bytes);
  assert.ok(result.ok);
  assert.equal(result.width, 200);
  assert.equal(result.height, 300);
  assert.equal(result.metadata.orientation, 6);
  const thumb = await sharp(result.thumbnailJpeg).metadata();
  assert.deepEqual([thumb.width, thumb.height], [171, 256]);
});

test('formats in: JPEG, PNG, 8- and 16-bit TIFF, WebP, grey PNG', async () => {
  const source = await photo(300, 200, 4).png().toBuffer();
  const cases: Array<[string, Promise<Buffer>, string, number]> = [
    ['jpeg', sharp(source).jpeg().toBuffer(), 'jpeg', 8],
    ['png', sharp(source).png().toBuffer(), 'png', 8],
    ['tiff 8-bit', sharp(source).tiff({ compression: 'lzw' }).toBuffer(), 'tiff', 8],
    ['tiff 16-bit', sharp(source).toColourspace('rgb16').tiff({ compression: 'lzw' }).toBuffer(), 'tiff', 16],
    ['webp', sharp(source).webp().toBuffer(), 'webp', 8],
    ['grey png 16-bit', sharp(source).toColourspace('grey16').png().toBuffer(), 'png', 16],
  ];
  for (const [label, bytes, format, bitDepth] of cases) {
    const result = await inspectImage(await bytes);
    assert.ok(result.ok, label);
    assert.equal(result.format, format, label);
    assert.deepEqual([result.width, result.height], [300, 200], label);
    assert.equal(result.metadata.bitDepth, bitDepth, label);
    assert.equal(result.isColor, false, label);
  }
});

test('metadata: date taken, camera, GPS and the ICC profile description', async () => {
  const bytes = await photo(120, 80, 5)
    .withIccProfile('p3')
    .withExif({
      IFD0: { Make: 'Seagull', Model: '203' },
      IFD2: { DateTimeOriginal: '1962:10:01 09:00:00' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '31/1 14/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '121/1 28/1 0/1' },
    })
    .jpeg()
    .toBuffer();
  const result = await inspectImage(bytes);
  assert.ok(result.ok);
  assert.equal(result.metadata.takenAt, '1962-10-01T09:00:00');
  assert.equal(result.metadata.camera, 'Seagull 203');
  assert.ok(result.metadata.gps && Math.abs(result.metadata.gps.latitude - (31 + 14 / 60)) < 1e-9);
  assert.ok(result.metadata.iccProfile !== null && result.metadata.iccProfile.length > 0);
});

test('colour photos are flagged; grey and toned (sepia) prints are not', async () => {
  const jpeg = (mode: 'grey' | 'sepia' | 'colour', seed: number) => photo(800, 600, seed, mode).jpeg({ quality: 75 }).toBuffer();
  for (let seed = 1; seed <= 3; seed++) {
    const grey = await inspectImage(await jpeg('grey', seed));
    const sepia = await inspectImage(await jpeg('sepia', seed));
    const colour = await inspectImage(await jpeg('colour', seed));
    assert.ok(grey.ok && sepia.ok && colour.ok);
    assert.equal(grey.isColor, false);
    assert.equal(sepia.isColor, false, `sepia residual ${sepia.colorResidual}`);
    assert.ok(sepia.colorResidual < COLOR_RESIDUAL_THRESHOLD / 2, `sepia residual ${sepia.colorResidual} keeps a margin`);
    assert.equal(colour.isColor, true, `colour residual ${colour.colorResidual}`);
  }
  const faded = await inspectImage(await photo(800, 600, 7, 'colour').modulate({ saturation: 0.4 }).jpeg().toBuffer());
  assert.ok(faded.ok && faded.isColor, 'a faded colour print is still colour');
});
