// Output images: references as ComfyUI reports them, the checks a reference must pass before we
// ask for it (the backend may be hostile or broken), and the magic-byte check on what comes back.

/** One image a node produced, as in history `outputs[node].images[i]` (plus the node id). */
export interface ImageRef {
  nodeId: string;
  filename: string;
  subfolder: string;
  type: string;
}

/** Every `images` entry of every node in a history/`executed` outputs dict; malformed ones are skipped. */
export function imageRefs(outputs: Readonly<Record<string, unknown>>): ImageRef[] {
  const refs: ImageRef[] = [];
  for (const [nodeId, ui] of Object.entries(outputs)) refs.push(...nodeImageRefs(nodeId, ui));
  return refs;
}

export function nodeImageRefs(nodeId: string, ui: unknown): ImageRef[] {
  if (ui === null || typeof ui !== 'object' || !('images' in ui) || !Array.isArray(ui.images)) return [];
  const refs: ImageRef[] = [];
  for (const item of ui.images as unknown[]) {
    if (item === null || typeof item !== 'object') continue;
    const { filename, subfolder, type } = item as Record<string, unknown>;
    if (typeof filename !== 'string') continue;
    refs.push({
      nodeId,
      filename,
      subfolder: typeof subfolder === 'string' ? subfolder : '',
      type: typeof type === 'string' ? type : 'output',
    });
  }
  return refs;
}

const VIEW_TYPES = new Set(['output', 'temp', 'input']);

/**
 * Why this reference must not be requested, or null when it is safe. A file name is a single
 * path component; a subfolder may have '/'-separated parts but no '..', '\\', NUL or absolute
 * form. Anything else is refused before any request is made.
 */
export function unsafeRefReason(ref: Pick<ImageRef, 'filename' | 'subfolder' | 'type'>): string | null {
  const { filename, subfolder, type } = ref;
  if (filename === '' || filename === '.') return 'an empty file name';
  if (/[/\\\0]/.test(filename) || filename.includes('..')) return `an unsafe file name ${JSON.stringify(filename)}`;
  if (/^[A-Za-z]:/.test(filename)) return `an absolute file name ${JSON.stringify(filename)}`;
  if (subfolder !== '') {
    if (/[\\\0]/.test(subfolder) || subfolder.startsWith('/') || /^[A-Za-z]:/.test(subfolder)) {
      return `an unsafe subfolder ${JSON.stringify(subfolder)}`;
    }
    if (subfolder.split('/').some((part) => part === '..' || part === '.')) return `an unsafe subfolder ${JSON.stringify(subfolder)}`;
  }
  if (!VIEW_TYPES.has(type)) return `an unknown folder type ${JSON.stringify(type)}`;
  return null;
}

export type ImageFormat = 'png' | 'jpeg' | 'webp' | 'tiff';

/** The format by magic bytes, or null when the bytes are not PNG/JPEG/WEBP/TIFF. */
export function sniffImage(bytes: Uint8Array): ImageFormat | null {
  const at = (offset: number, ...values: number[]) => values.every((v, i) => bytes[offset + i] === v);
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'png';
  if (at(0, 0xff, 0xd8, 0xff)) return 'jpeg';
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'webp';
  if (at(0, 0x49, 0x49, 0x2a, 0x00) || at(0, 0x4d, 0x4d, 0x00, 0x2a)) return 'tiff';
  return null;
}

const MIME: Record<ImageFormat, string> = { png: 'image/png', jpeg: 'image/jpeg', webp: 'image/webp', tiff: 'image/tiff' };

export function mimeOf(bytes: Uint8Array): string {
  const format = sniffImage(bytes);
  return format ? MIME[format] : 'application/octet-stream';
}
