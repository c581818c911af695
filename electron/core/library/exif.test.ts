import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { exifDateToIso, orientationOnlyExif, readExif, tiffBytes, withExifOrientation } from './exif';

/** EXIF as libexif (inside libvips) writes it: an independent writer for our reader. */
async function exifOf(exif: Record<string, Record<string, string>>, orientation = 1): Promise<Buffer> {
  const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } })
    .withExif(exif)
    .withMetadata({ orientation })
    .jpeg()
    .toBuffer();
  const meta = await sharp(jpeg).metadata();
  assert.ok(meta.exif);
  return meta.exif;
}

test('date taken, sub-seconds, offset, camera and GPS (south/west, below sea level) are read', async () => {
  const exif = await exifOf(
    {
      IFD0: { Make: 'Canon', Model: 'Canon EOS 5D' },
      IFD2: { DateTimeOriginal: '1952:06:01 10:20:30', SubSecTimeOriginal: '25', OffsetTimeOriginal: '+08:00' },
      IFD3: { GPSLatitudeRef: 'S', GPSLatitude: '33/1 52/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '70/1 30/1 36/1', GPSAltitudeRef: '1', GPSAltitude: '150/10' },
    },
    6,
  );
  // libexif (via libvips) cannot write GPSAltitudeRef = 1 from a string: set the BYTE by hand.
  const tiff = tiffBytes(exif);
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const entryOf = (ifd: number, tag: number) => {
    for (let i = 0; i < view.getUint16(ifd, true); i++) if (view.getUint16(ifd + 2 + i * 12, true) === tag) return ifd + 2 + i * 12;
    throw new Error(`tag ${tag} not found`);
  };
  const gpsIfd = view.getUint32(entryOf(view.getUint32(4, true), 0x8825) + 8, true);
  view.setUint8(entryOf(gpsIfd, 5) + 8, 1);

  const summary = readExif(exif);
  assert.equal(summary?.orientation, 6);
  assert.equal(summary?.takenAt, '1952-06-01T10:20:30.25+08:00');
  assert.equal(summary?.make, 'Canon');
  assert.equal(summary?.model, 'Canon EOS 5D');
  assert.ok(summary?.gps);
  assert.ok(Math.abs(summary.gps.latitude - -(33 + 52 / 60)) < 1e-9);
  assert.ok(Math.abs(summary.gps.longitude - -(70 + 30 / 60 + 36 / 3600)) < 1e-9);
  assert.equal(summary.gps.altitude, -15);
});

test('placeholder dates are no date; the digitized date is the fallback', async () => {
  assert.equal(exifDateToIso('0000:00:00 00:00:00'), null);
  assert.equal(exifDateToIso('    :  :     :  :  '), null);
  const exif = await exifOf({ IFD2: { DateTimeDigitized: '1999:12:31 23:59:59' } });
  assert.equal(readExif(exif)?.takenAt, '1999-12-31T23:59:59');
});

test('orientation is rewritten in place and the minimal EXIF reads back', async () => {
  const exif = await exifOf({ IFD0: { Make: 'Nikon' } }, 8);
  const upright = withExifOrientation(exif, 1);
  assert.equal(readExif(upright)?.orientation, 1);
  assert.equal(readExif(upright)?.make, 'Nikon');
  assert.equal(readExif(exif)?.orientation, 8, 'the input is not modified');
  assert.equal(readExif(orientationOnlyExif(5))?.orientation, 5);
  assert.deepEqual(tiffBytes(exif).subarray(0, 2), Buffer.from('II'));
});

test('damaged EXIF gives fewer fields, never an exception', async () => {
  const exif = await exifOf({ IFD0: { Make: 'Canon' }, IFD2: { DateTimeOriginal: '1952:06:01 10:20:30' } });
  assert.equal(readExif(Buffer.from('not exif at all')), undefined);
  for (let cut = 0; cut < exif.length; cut += 7) readExif(exif.subarray(0, cut));
  // Every pointer aimed far outside the blob.
  const hostile = Buffer.from(exif);
  for (let i = 10; i + 4 < hostile.length; i += 12) hostile.writeUInt32LE(0xfffffff0, i);
  assert.doesNotThrow(() => readExif(hostile));
});
