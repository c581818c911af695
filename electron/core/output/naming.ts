import { TEMP_NAME_OVERHEAD } from './write-atomically';

/** The settings' default: `Grandma 1952.jpg` → `Grandma 1952.colorized.png`. */
export const DEFAULT_NAMING_PATTERN = '{name}.colorized';

/**
 * Longest output file name in UTF-8 bytes: most file systems allow 255, and the atomic writer's
 * temp name is 18 bytes longer than the final one.
 */
export const MAX_NAME_BYTES = 255 - TEMP_NAME_OVERHEAD;

// Characters no Windows/macOS/Linux file system accepts in a name, and control characters.
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[<>:"/\\|?*\u0000-\u001f\u007f]/g;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?$/i;

/** One path component made safe everywhere: forbidden characters → '_', NFC, no trailing dots or spaces. */
export function safeComponent(name: string, fallback = 'photo'): string {
  const cleaned = name.normalize('NFC').replace(FORBIDDEN, '_').replace(/[. ]+$/, '');
  if (cleaned === '' || cleaned === '.' || cleaned === '..') return fallback;
  return WINDOWS_DEVICE.test(cleaned) ? `_${cleaned}` : cleaned;
}

const encoder = new TextEncoder();
const bytesOf = (text: string) => encoder.encode(text).length;

/** Cuts `text` to at most `maxBytes` UTF-8 bytes between grapheme clusters (never inside an emoji or a CJK character). */
export function truncateToBytes(text: string, maxBytes: number): string {
  if (bytesOf(text) <= maxBytes) return text;
  let out = '';
  let used = 0;
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)) {
    const size = bytesOf(segment);
    if (used + size > maxBytes) break;
    out += segment;
    used += size;
  }
  return out;
}

/** `file:/home/me/my-workflow.json` → `my-workflow`; built-in ids stay as they are. */
function workflowLabel(workflowId: string): string {
  const last = workflowId.replace(/^file:/, '').split(/[\\/]/).pop() ?? workflowId;
  return last.replace(/\.json$/i, '');
}

export interface NameParts {
  pattern: string;
  /** The original's name without its extension. */
  stem: string;
  workflowId: string;
  /** Local date of the colorization, YYYY-MM-DD. */
  date: string;
}

/**
 * The output name for collision number `n` (1 = first choice, then ` (2)`, ` (3)`…): the pattern
 * with its tokens filled, made safe, cut to fit MAX_NAME_BYTES with the suffix and extension.
 * Only the original's name is shortened; the pattern's own text and the number stay whole.
 */
export function outputFileName(parts: NameParts, extension: string, n: number): string {
  const suffix = `${n === 1 ? '' : ` (${n})`}.${extension}`;
  const [before = '', ...after] = parts.pattern.split('{name}');
  const fill = (text: string) => text.replaceAll('{workflow}', workflowLabel(parts.workflowId)).replaceAll('{date}', parts.date);
  const head = fill(before);
  const tail = fill(after.join(parts.stem));
  const room = MAX_NAME_BYTES - bytesOf(head) - bytesOf(tail) - bytesOf(suffix);
  const stem = truncateToBytes(parts.stem.normalize('NFC'), Math.max(room, 1));
  return safeComponent(truncateToBytes(`${head}${stem}${tail}`, MAX_NAME_BYTES - bytesOf(suffix))) + suffix;
}

/** YYYY-MM-DD in the local time zone. */
export function localDate(ms: number): string {
  const date = new Date(ms);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
