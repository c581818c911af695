import type { GpsPosition } from '../library/exif';

/** The machine-readable note that a file was colorized by AI, and from what. */
export interface Provenance {
  /** 'Heirloom 0.1.0'. */
  software: string;
  workflowId: string;
  /** The workflow's parameters as run (DDColor: checkpoint, size). */
  params: Readonly<Record<string, unknown>>;
  width: number;
  height: number;
  /** ISO 8601 instant of the colorization. */
  createdAt: string;
  originalSha256: string;
}

/** Facts of the original repeated in XMP (readers that skip EXIF, and TIFF, where libvips writes no EXIF). */
export interface XmpMirror {
  takenAt: string | null;
  gps: GpsPosition | null;
  make: string | null;
  model: string | null;
}

export const HEIRLOOM_XMP_NS = 'https://heirloom.family/ns/provenance/1.0/';
/** IPTC digital source type for media edited with a trained model (IPTC NewsCodes, 2023). */
export const AI_EDITED_SOURCE_TYPE = 'http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia';

const escapeXml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c] ?? c);

/** XMP GPSCoordinate: 'DDD,MM.mmmmmmK'. */
function coordinate(value: number, positive: string, negative: string): string {
  const abs = Math.abs(value);
  const degrees = Math.floor(abs);
  return `${degrees},${((abs - degrees) * 60).toFixed(6)}${value < 0 ? negative : positive}`;
}

const modelOf = (params: Readonly<Record<string, unknown>>) => {
  const value = params['checkpoint'] ?? params['model'];
  return typeof value === 'string' ? value : null;
};

/**
 * One rdf:Description: the provenance (heirloom: namespace, IPTC digital source type, creator
 * tool) plus the mirrored facts, minus any property `skip` says the surrounding packet has already.
 */
function description(provenance: Provenance, mirror: XmpMirror | undefined, skip: (qname: string) => boolean): string {
  const properties: Array<[string, string]> = [
    ['xmp:CreatorTool', provenance.software],
    ['xmp:MetadataDate', provenance.createdAt],
    ['Iptc4xmpExt:DigitalSourceType', AI_EDITED_SOURCE_TYPE],
    ['heirloom:Software', provenance.software],
    ['heirloom:Process', 'AI colorization (ComfyUI)'],
    ['heirloom:Workflow', provenance.workflowId],
    ['heirloom:Model', modelOf(provenance.params) ?? ''],
    ['heirloom:Parameters', JSON.stringify(provenance.params)],
    ['heirloom:Width', String(provenance.width)],
    ['heirloom:Height', String(provenance.height)],
    ['heirloom:ColorizedAt', provenance.createdAt],
    ['heirloom:OriginalSHA256', provenance.originalSha256],
  ];
  if (mirror?.takenAt) properties.push(['exif:DateTimeOriginal', mirror.takenAt], ['photoshop:DateCreated', mirror.takenAt]);
  if (mirror?.gps) {
    properties.push(['exif:GPSLatitude', coordinate(mirror.gps.latitude, 'N', 'S')], ['exif:GPSLongitude', coordinate(mirror.gps.longitude, 'E', 'W')]);
    if (mirror.gps.altitude !== null) {
      properties.push(['exif:GPSAltitudeRef', mirror.gps.altitude < 0 ? '1' : '0'], ['exif:GPSAltitude', `${Math.round(Math.abs(mirror.gps.altitude) * 100)}/100`]);
    }
  }
  if (mirror?.make) properties.push(['tiff:Make', mirror.make]);
  if (mirror?.model) properties.push(['tiff:Model', mirror.model]);
  const attributes = properties
    .filter(([qname, value]) => value !== '' && !skip(qname))
    .map(([qname, value]) => `\n    ${qname}="${escapeXml(value)}"`)
    .join('');
  return (
    `  <rdf:Description rdf:about=""` +
    `\n    xmlns:xmp="http://ns.adobe.com/xap/1.0/"` +
    `\n    xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/"` +
    `\n    xmlns:exif="http://ns.adobe.com/exif/1.0/"` +
    `\n    xmlns:tiff="http://ns.adobe.com/tiff/1.0/"` +
    `\n    xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"` +
    `\n    xmlns:heirloom="${HEIRLOOM_XMP_NS}"${attributes}/>\n`
  );
}

/**
 * The output's XMP packet. With `original` (the original's own XMP, kept with the metadata), the
 * provenance joins it as one more rdf:Description, and properties the original already states
 * (its own DateTimeOriginal, its own DigitalSourceType…) are not repeated. Without it (or when it
 * is not an RDF packet), a fresh packet holds the provenance alone.
 */
export function buildXmp(provenance: Provenance, options: { original?: string | undefined; mirror?: XmpMirror | undefined } = {}): string {
  const original = options.original;
  const close = original?.lastIndexOf('</rdf:RDF>') ?? -1;
  if (original && close >= 0) {
    const has = (qname: string) => original.includes(`${qname}=`) || original.includes(`<${qname}>`) || original.includes(`<${qname} `);
    return original.slice(0, close) + description(provenance, options.mirror, has) + original.slice(close);
  }
  return (
    `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>\n` +
    `<x:xmpmeta xmlns:x="adobe:ns:meta/">\n <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n` +
    description(provenance, options.mirror, () => false) +
    ` </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end="w"?>`
  );
}

/** Reads back `heirloom:*` attributes of a packet written by buildXmp (tests, and "is this ours?"). */
export function readProvenance(xmp: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const match of xmp.matchAll(/heirloom:(\w+)="([^"]*)"/g)) {
    const [, key, value] = match;
    if (key !== undefined && value !== undefined) {
      found[key] = value.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[name] ?? '');
    }
  }
  return found;
}
