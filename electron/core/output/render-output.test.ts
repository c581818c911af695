import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { readExif } from '../library/exif';
import { photo } from '../library/test-images';
import { renderOutput, type RenderInput } from './render-output';
import { readProvenance } from './xmp';

const provenance: RenderInput['provenance'] = {
  software: 'Heirloom 9.9.9',
  workflowId: 'ddcolor-portrait',
  params: { size: 512, checkpoint: 'ddcolor_modelscope.pth' },
  createdAt: '2026-03-01T08:00:00.000Z',
  originalSha256: 'ab'.repeat(32),
};

/** Stored 300×200: left half dark, right half light. Orientation 6 shows it 200×300, dark on top. */
async function original(options: { orientation?: number; icc?: string } = {}): Promise<Buffer> {
  const half = (shade: number) => sharp({ create: { width: 150, height: 200, channels: 3, background: { r: shade, g: shade, b: shade } } }).png().toBuffer();
  const base = sharp({ create: { width: 300, height: 200, channels: 3, background: '#000' } }).composite([
    { input: await half(30), left: 0, top: 0 },
    { input: await half(220), left: 150, top: 0 },
  ]);
  const flat = await base.png().toBuffer();
  return sharp(flat)
    .withIccProfile(options.icc ?? 'p3')
    .withExif({
      IFD0: { Make: 'Seagull', Model: 'Seagull 4A' },
      IFD2: { DateTimeOriginal: '1952:06:01 10:20:30' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '39/1 54/1 2700/100', GPSLongitudeRef: 'E', GPSLongitude: '116/1 23/1 0/1' },
    })
    .withMetadata({ orientation: options.orientation ?? 6 })
    .jpeg({ quality: 95 })
    .toBuffer();
}

/** What ComfyUI returns: LoadImage applied the orientation (exif_transpose), SaveImage wrote a plain PNG. */
async function comfyResult(originalBytes: Buffer, transpose = true): Promise<Buffer> {
  const pipeline = transpose ? sharp(originalBytes).autoOrient() : sharp(originalBytes);
  return pipeline.tint({ r: 200, g: 150, b: 100 }).png().toBuffer();
}

/** Mean luminance of the top and bottom halves. */
async function halves(bytes: Buffer): Promise<[number, number]> {
  const { data, info } = await sharp(bytes).greyscale().raw().toBuffer({ resolveWithObject: true });
  let top = 0;
  let bottom = 0;
  for (let y = 0; y < info.height; y++) {
    for (let x = 0; x < info.width; x++) {
      const v = data[y * info.width + x] as number;
      if (y < info.height / 2) top += v;
      else bottom += v;
    }
  }
  const n = (info.width * info.height) / 2;
  return [top / n, bottom / n];
}

test('metadata round trip: date, GPS and ICC kept, pixels upright with Orientation=1, provenance XMP added', async () => {
  const source = await original();
  const sourceMeta = await sharp(source).metadata();
  assert.equal(sourceMeta.orientation, 6);
  const out = await renderOutput({ result: await comfyResult(source), original: source, format: 'jpeg', keepMetadata: true, provenance });
  const meta = await sharp(out.bytes).metadata();
  assert.deepEqual([meta.format, out.width, out.height, meta.width, meta.height], ['jpeg', 200, 300, 200, 300]);
  assert.equal(meta.orientation, 1);
  const [top, bottom] = await halves(out.bytes);
  assert.ok(top < 80 && bottom > 120, `upright: dark on top (${top.toFixed(0)} / ${bottom.toFixed(0)})`);
  const exif = readExif(meta.exif ?? Buffer.alloc(0));
  assert.equal(exif?.orientation, 1);
  assert.equal(exif?.takenAt, '1952-06-01T10:20:30');
  assert.deepEqual(exif?.gps, readExif(sourceMeta.exif ?? Buffer.alloc(0))?.gps);
  assert.equal(exif?.model, 'Seagull 4A');
  assert.ok(meta.icc && sourceMeta.icc && meta.icc.equals(sourceMeta.icc), 'the same ICC profile, byte for byte');
  const note = readProvenance(meta.xmp?.toString('utf8') ?? '');
  assert.deepEqual(note, {
    Software: 'Heirloom 9.9.9',
    Process: 'AI colorization (ComfyUI)',
    Workflow: 'ddcolor-portrait',
    Model: 'ddcolor_modelscope.pth',
    Parameters: '{"size":512,"checkpoint":"ddcolor_modelscope.pth"}',
    Width: '200',
    Height: '300',
    ColorizedAt: '2026-03-01T08:00:00.000Z',
    OriginalSHA256: 'ab'.repeat(32),
  });
  assert.match(meta.xmp?.toString('utf8') ?? '', /DigitalSourceType="http:\/\/cv\.iptc\.org\/newscodes\/digitalsourcetype\/compositeWithTrainedAlgorithmicMedia"/);
  assert.deepEqual(out.warnings, []);
});

test('every output format carries the metadata (TIFF: date and GPS in XMP, libvips writes no EXIF there)', async () => {
  const source = await original();
  const sourceIcc = (await sharp(source).metadata()).icc;
  const result = await comfyResult(source);
  for (const format of ['jpeg', 'png', 'tiff', 'webp'] as const) {
    const out = await renderOutput({ result, original: source, format, keepMetadata: true, provenance });
    const meta = await sharp(out.bytes).metadata();
    assert.equal(meta.format, format === 'tiff' ? 'tiff' : format, format);
    assert.deepEqual([meta.width, meta.height, meta.orientation ?? 1], [200, 300, 1], format);
    assert.ok(meta.icc?.equals(sourceIcc ?? Buffer.alloc(0)), `${format}: ICC`);
    const xmp = meta.xmp?.toString('utf8') ?? '';
    assert.equal(readProvenance(xmp).OriginalSHA256, 'ab'.repeat(32), `${format}: provenance`);
    assert.match(xmp, /exif:DateTimeOriginal="1952-06-01T10:20:30"/, `${format}: date in XMP`);
    assert.match(xmp, /exif:GPSLatitude="39,54\.450000N"/, `${format}: GPS in XMP`);
    if (format === 'tiff') {
      // Lossless (LZW, not sharp's default JPEG-in-TIFF): the pixels are ComfyUI's exactly.
      const raw = async (bytes: Buffer) => sharp(bytes).keepIccProfile().raw().toBuffer();
      assert.ok((await raw(out.bytes)).equals(await raw(result)), 'lossless TIFF');
    } else {
      assert.equal(readExif(meta.exif ?? Buffer.alloc(0))?.takenAt, '1952-06-01T10:20:30', `${format}: EXIF date`);
    }
  }
});

test('metadata off: no EXIF, GPS or ICC — but still upright and still the provenance note', async () => {
  const source = await original();
  const out = await renderOutput({ result: await comfyResult(source), original: source, format: 'jpeg', keepMetadata: false, provenance });
  const meta = await sharp(out.bytes).metadata();
  assert.equal(meta.exif, undefined);
  assert.equal(meta.icc, undefined);
  assert.equal(meta.orientation, undefined);
  assert.doesNotMatch(meta.xmp?.toString('utf8') ?? '', /GPS|DateTimeOriginal/);
  assert.equal(readProvenance(meta.xmp?.toString('utf8') ?? '').Workflow, 'ddcolor-portrait');
  const [top, bottom] = await halves(out.bytes);
  assert.ok(top < bottom);
});

test('a result returned in the stored shape (not transposed) is turned upright from the original', async () => {
  const source = await original();
  for (const keepMetadata of [true, false]) {
    const out = await renderOutput({ result: await comfyResult(source, false), original: source, format: 'png', keepMetadata, provenance });
    const meta = await sharp(out.bytes).metadata();
    assert.deepEqual([meta.width, meta.height, meta.orientation ?? 1], [200, 300, 1]);
    const [top, bottom] = await halves(out.bytes);
    assert.ok(top < 80 && bottom > 120, `keepMetadata ${keepMetadata}: dark on top (${top.toFixed(0)} / ${bottom.toFixed(0)})`);
  }
});

test("a grey ICC profile is not put on a colour result; the original's own XMP is kept beside the note", async () => {
  const source = await original({ orientation: 1 });
  const meta = await sharp(source).metadata();
  const grey = Buffer.from(meta.icc ?? Buffer.alloc(0));
  grey.write('GRAY', 16, 'latin1');
  const withGrey = await sharp(await photo(300, 200, 1).png().toBuffer())
    .withIccProfile('p3')
    .withXmp('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:subject><rdf:Bag><rdf:li>奶奶</rdf:li></rdf:Bag></dc:subject></rdf:Description></rdf:RDF></x:xmpmeta>')
    .jpeg()
    .toBuffer();
  // Swap the embedded profile for the grey-tagged copy (same length, so the JPEG stays valid).
  const at = withGrey.indexOf(meta.icc?.subarray(0, 40) ?? Buffer.alloc(1));
  assert.ok(at > 0);
  grey.copy(withGrey, at, 0, 40);
  const out = await renderOutput({ result: await photo(300, 200, 2, 'colour').png().toBuffer(), original: withGrey, format: 'jpeg', keepMetadata: true, provenance });
  const outMeta = await sharp(out.bytes).metadata();
  assert.equal(outMeta.icc, undefined);
  assert.match(out.warnings.join(' '), /GRAY ICC profile/);
  const xmp = outMeta.xmp?.toString('utf8') ?? '';
  assert.match(xmp, /<rdf:li>奶奶<\/rdf:li>/);
  assert.equal(readProvenance(xmp).Software, 'Heirloom 9.9.9');
});

test('a result that is not an image is refused with an error, not a crash', async () => {
  await assert.rejects(renderOutput({ result: Buffer.from('<html>502 Bad Gateway</html>'), original: undefined, format: 'png', keepMetadata: true, provenance }), /not an image/);
});

/** 16-bit RGB samples, mostly not multiples of 257: any trip through 8 bits changes them (sharp takes the depth from the array type). */
function sixteenBitPixels(width: number, height: number): Uint16Array {
  const samples = new Uint16Array(width * height * 3);
  for (let i = 0; i < samples.length; i++) samples[i] = (i * 7919 + 1234) % 65536;
  return samples;
}
const raw16 = (width: number, height: number) => ({ raw: { width, height, channels: 3 as const } });

test('16 bits stay 16 bits in PNG and TIFF (a 16-bit scan or a 16-bit result); JPEG and WebP are 8-bit', async () => {
  // A 16-bit TIFF scan; ComfyUI hands back an 8-bit PNG of it.
  const scan = await sharp(sixteenBitPixels(120, 80), raw16(120, 80)).toColourspace('rgb16').tiff({ compression: 'lzw' }).toBuffer();
  assert.equal((await sharp(scan).metadata()).depth, 'ushort');
  const result8 = await sharp(scan).png().toBuffer();
  assert.equal((await sharp(result8).metadata()).depth, 'uchar');
  const depths: Record<string, string | undefined> = {};
  for (const format of ['png', 'tiff', 'jpeg', 'webp'] as const) {
    const out = await renderOutput({ result: result8, original: scan, format, keepMetadata: true, provenance });
    const meta = await sharp(out.bytes).metadata();
    depths[format] = meta.depth;
    assert.equal(readProvenance(meta.xmp?.toString('utf8') ?? '').OriginalSHA256, 'ab'.repeat(32), `${format}: provenance`);
  }
  assert.deepEqual(depths, { png: 'ushort', tiff: 'ushort', jpeg: 'uchar', webp: 'uchar' });

  // A 16-bit result (PNG, or TIFF from a custom workflow) of an 8-bit original: its samples come out exactly.
  const pixels = sixteenBitPixels(64, 48);
  const result16Png = await sharp(pixels, raw16(64, 48)).toColourspace('rgb16').png().toBuffer();
  const result16Tiff = await sharp(pixels, raw16(64, 48)).toColourspace('rgb16').tiff({ compression: 'lzw' }).toBuffer();
  // With a P3 profile to carry over: attached as is, never applied to the samples.
  const source = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#777' } }).withIccProfile('p3').jpeg().toBuffer();
  for (const [label, result] of [['PNG result', result16Png], ['TIFF result', result16Tiff]] as const) {
    for (const format of ['png', 'tiff'] as const) {
      const out = await renderOutput({ result, original: source, format, keepMetadata: true, provenance });
      assert.ok((await sharp(out.bytes).metadata()).icc, `${label} → ${format}: profile kept`);
      const back = await sharp(out.bytes).keepIccProfile().toColourspace('rgb16').raw({ depth: 'ushort' }).toBuffer();
      assert.ok(back.equals(Buffer.from(pixels.buffer)), `${label} → ${format}: the 16-bit samples are unchanged`);
    }
  }
});

test('an 8-bit original and an 8-bit result stay 8-bit', async () => {
  const source = await original();
  for (const format of ['png', 'tiff'] as const) {
    const out = await renderOutput({ result: await comfyResult(source), original: source, format, keepMetadata: false, provenance });
    assert.equal((await sharp(out.bytes).metadata()).depth, 'uchar', format);
  }
});
