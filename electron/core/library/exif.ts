// EXIF (a TIFF structure) read without a dependency: only the tags Heirloom shows or keeps.
// Every offset is bounds-checked; damaged EXIF yields fewer fields, never an exception.

export interface GpsPosition {
  /** Decimal degrees, north positive. */
  latitude: number;
  /** Decimal degrees, east positive. */
  longitude: number;
  /** Metres above sea level, or null when not recorded. */
  altitude: number | null;
}

export interface ExifSummary {
  /** 1–8, or null when the tag is absent (which means 1). */
  orientation: number | null;
  /** DateTimeOriginal as ISO 8601 local time (`1952-06-01T10:20:30`, with `.sss` and `+08:00` when recorded). */
  takenAt: string | null;
  make: string | null;
  model: string | null;
  gps: GpsPosition | null;
}

const TAG = {
  make: 0x010f,
  model: 0x0110,
  orientation: 0x0112,
  dateTime: 0x0132,
  exifIfd: 0x8769,
  gpsIfd: 0x8825,
  dateTimeOriginal: 0x9003,
  dateTimeDigitized: 0x9004,
  offsetTimeOriginal: 0x9011,
  subSecTimeOriginal: 0x9291,
  gpsLatitudeRef: 1,
  gpsLatitude: 2,
  gpsLongitudeRef: 3,
  gpsLongitude: 4,
  gpsAltitudeRef: 5,
  gpsAltitude: 6,
} as const;

/** Bytes per value of each TIFF field type (1 BYTE … 12 DOUBLE). */
const TYPE_SIZES: Readonly<Record<number, number>> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8 };
const MAX_ENTRIES = 1000;

interface Entry {
  type: number;
  count: number;
  /** Offset of the value (inline or pointed to) inside the TIFF bytes. */
  at: number;
  /** Offset of the 12-byte entry itself. */
  entryAt: number;
}

/** The TIFF structure inside an EXIF blob (JPEG APP1 and libvips prefix it with `Exif\0\0`). */
export function tiffBytes(exif: Uint8Array): Uint8Array {
  const hasHeader = exif.length >= 6 && exif[0] === 0x45 && exif[1] === 0x78 && exif[2] === 0x69 && exif[3] === 0x66 && exif[4] === 0 && exif[5] === 0;
  return hasHeader ? exif.subarray(6) : exif;
}

function createReader(tiff: Uint8Array) {
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const order = tiff[0] === 0x49 && tiff[1] === 0x49 ? 'II' : tiff[0] === 0x4d && tiff[1] === 0x4d ? 'MM' : undefined;
  const little = order === 'II';
  const fits = (at: number, size: number) => at >= 0 && at + size <= tiff.byteLength;
  const u16 = (at: number) => (fits(at, 2) ? view.getUint16(at, little) : undefined);
  const u32 = (at: number) => (fits(at, 4) ? view.getUint32(at, little) : undefined);

  function ifd(offset: number | undefined): Map<number, Entry> {
    const entries = new Map<number, Entry>();
    const count = offset === undefined ? undefined : u16(offset);
    if (offset === undefined || count === undefined || count > MAX_ENTRIES) return entries;
    for (let i = 0; i < count; i++) {
      const entryAt = offset + 2 + i * 12;
      const tag = u16(entryAt);
      const type = u16(entryAt + 2);
      const n = u32(entryAt + 4);
      if (tag === undefined || type === undefined || n === undefined) break;
      const size = (TYPE_SIZES[type] ?? 0) * n;
      const at = size <= 4 ? entryAt + 8 : u32(entryAt + 8);
      if (size === 0 || at === undefined || !fits(at, size)) continue;
      entries.set(tag, { type, count: n, at, entryAt });
    }
    return entries;
  }

  return {
    valid: order !== undefined && u16(2) === 42,
    firstIfd: () => ifd(u32(4)),
    ifd,
    u16,
    u32,
    text(entry: Entry | undefined): string | null {
      if (!entry || entry.type !== 2) return null;
      const raw = new TextDecoder('utf-8', { fatal: false }).decode(tiff.subarray(entry.at, entry.at + entry.count));
      const value = raw.replace(/\0[\s\S]*$/, '').trim();
      return value === '' ? null : value;
    },
    unsigned(entry: Entry | undefined): number | null {
      if (!entry) return null;
      if (entry.type === 3) return u16(entry.at) ?? null;
      if (entry.type === 4) return u32(entry.at) ?? null;
      if (entry.type === 1 || entry.type === 7) return tiff[entry.at] ?? null;
      return null;
    },
    rationals(entry: Entry | undefined): number[] | null {
      if (!entry || entry.type !== 5) return null;
      const values: number[] = [];
      for (let i = 0; i < entry.count; i++) {
        const numerator = u32(entry.at + i * 8);
        const denominator = u32(entry.at + i * 8 + 4);
        if (numerator === undefined || !denominator) return null;
        values.push(numerator / denominator);
      }
      return values;
    },
    pointer(entry: Entry | undefined): number | undefined {
      return entry && (entry.type === 4 || entry.type === 13) ? u32(entry.at) : undefined;
    },
    view,
    little,
  };
}

const EXIF_DATE = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;

/** `YYYY:MM:DD HH:MM:SS` (+ sub-seconds, + offset) → ISO 8601, or null for blank/placeholder dates. */
export function exifDateToIso(value: string | null, subSec: string | null = null, offset: string | null = null): string | null {
  const match = value ? EXIF_DATE.exec(value) : null;
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match;
  if (y === '0000' || mo === '00' || d === '00') return null;
  const fraction = subSec && /^\d+$/.test(subSec) ? `.${subSec}` : '';
  const zone = offset && /^[+-]\d{2}:\d{2}$/.test(offset) ? offset : '';
  return `${y}-${mo}-${d}T${h}:${mi}:${s}${fraction}${zone}`;
}

function degrees(parts: number[] | null, ref: string | null, positive: string, negative: string): number | null {
  if (!parts || parts.length !== 3) return null;
  const [d = 0, m = 0, s = 0] = parts;
  const value = d + m / 60 + s / 3600;
  if (ref === negative) return -value;
  if (ref === positive || ref === null) return value;
  return null;
}

/** What Heirloom reads from a photo's EXIF; undefined when the blob is not EXIF at all. */
export function readExif(exif: Uint8Array): ExifSummary | undefined {
  const reader = createReader(tiffBytes(exif));
  if (!reader.valid) return undefined;
  const ifd0 = reader.firstIfd();
  const exifIfd = reader.ifd(reader.pointer(ifd0.get(TAG.exifIfd)));
  const gpsIfd = reader.ifd(reader.pointer(ifd0.get(TAG.gpsIfd)));

  const orientation = reader.unsigned(ifd0.get(TAG.orientation));
  const takenAt =
    exifDateToIso(reader.text(exifIfd.get(TAG.dateTimeOriginal)), reader.text(exifIfd.get(TAG.subSecTimeOriginal)), reader.text(exifIfd.get(TAG.offsetTimeOriginal))) ??
    exifDateToIso(reader.text(exifIfd.get(TAG.dateTimeDigitized))) ??
    exifDateToIso(reader.text(ifd0.get(TAG.dateTime)));

  let gps: GpsPosition | null = null;
  const latitude = degrees(reader.rationals(gpsIfd.get(TAG.gpsLatitude)), reader.text(gpsIfd.get(TAG.gpsLatitudeRef)), 'N', 'S');
  const longitude = degrees(reader.rationals(gpsIfd.get(TAG.gpsLongitude)), reader.text(gpsIfd.get(TAG.gpsLongitudeRef)), 'E', 'W');
  if (latitude !== null && longitude !== null && Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180) {
    const [altitude] = reader.rationals(gpsIfd.get(TAG.gpsAltitude)) ?? [];
    const below = reader.unsigned(gpsIfd.get(TAG.gpsAltitudeRef)) === 1;
    gps = { latitude, longitude, altitude: altitude === undefined ? null : below ? -altitude : altitude };
  }
  return {
    orientation: orientation !== null && orientation >= 1 && orientation <= 8 ? orientation : null,
    takenAt,
    make: reader.text(ifd0.get(TAG.make)),
    model: reader.text(ifd0.get(TAG.model)),
    gps,
  };
}

/**
 * A copy of the EXIF with its Orientation set to `orientation` (the pixels are written upright,
 * so the tag must say so); unchanged when the tag is absent, which already means upright.
 */
export function withExifOrientation(exif: Uint8Array, orientation: number): Uint8Array {
  const copy = Uint8Array.from(exif);
  const tiff = tiffBytes(copy);
  const reader = createReader(tiff);
  if (!reader.valid) return copy;
  const entry = reader.firstIfd().get(TAG.orientation);
  if (entry?.type === 3) reader.view.setUint16(entry.at, orientation, reader.little);
  return copy;
}

/** The smallest EXIF that says only "Orientation = n" (little-endian TIFF, one IFD, one entry). */
export function orientationOnlyExif(orientation: number): Uint8Array {
  const bytes = new Uint8Array(26);
  const view = new DataView(bytes.buffer);
  bytes.set([0x49, 0x49, 0x2a, 0x00]);
  view.setUint32(4, 8, true);
  view.setUint16(8, 1, true);
  view.setUint16(10, TAG.orientation, true);
  view.setUint16(12, 3, true);
  view.setUint32(14, 1, true);
  view.setUint16(18, orientation, true);
  view.setUint32(22, 0, true);
  return bytes;
}
