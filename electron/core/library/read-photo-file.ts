import { constants } from 'node:fs';
import { open as openFile, type FileHandle } from 'node:fs/promises';
import { hasPhotoExtension, sniffImageFormat, SNIFF_BYTES, type ImageFormat } from './sniff-format';

/** How files are opened; tests substitute a failing one for errors root cannot provoke. */
export type OpenFile = (path: string, flags: number) => Promise<FileHandle>;
export const defaultOpenFile: OpenFile = (path, flags) => openFile(path, flags);

export type ReadOutcome =
  | { ok: true; bytes: Buffer; format: ImageFormat; mtimeMs: number }
  /** Not a photo and not named like one (notes.txt): listed as skipped. */
  | { ok: false; kind: 'skipped'; code: 'not-a-photo' | 'not-a-file'; reason: string }
  | { ok: false; kind: 'failed'; code: 'unreadable' | 'empty' | 'not-an-image' | 'too-large' | 'changed'; reason: string };

/** Largest file read into memory: 1 GiB (a 16-bit 300 MP TIFF is ~1.8 GB and is refused). */
export const MAX_FILE_BYTES = 1024 ** 3;

// O_NONBLOCK: if a regular file was swapped for a FIFO after the walk looked, open returns at
// once instead of blocking the import forever (Windows has no such flag and no FIFOs to fear).
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

const errno = (error: unknown) => (error as NodeJS.ErrnoException).code ?? 'error';
const shrank: ReadOutcome = { ok: false, kind: 'failed', code: 'changed', reason: 'The file got shorter while it was read; import it again.' };

async function readFully(handle: FileHandle, into: Buffer, from: number): Promise<boolean> {
  let offset = from;
  while (offset < into.length) {
    const { bytesRead } = await handle.read(into, offset, into.length - offset, offset);
    if (bytesRead === 0) return false;
    offset += bytesRead;
  }
  return true;
}

/**
 * Reads one candidate photo: checks it is a regular, non-empty file whose first bytes are an image
 * before reading the rest (a 2 GB video named movie.mov is never read). Never throws for bad input.
 */
export async function readPhotoFile(
  path: string,
  name: string,
  options: { open?: OpenFile; maxBytes?: number; allocate?: (size: number) => Buffer } = {},
): Promise<ReadOutcome> {
  const maxBytes = options.maxBytes ?? MAX_FILE_BYTES;
  const allocate = options.allocate ?? Buffer.allocUnsafe;
  let handle: FileHandle;
  try {
    handle = await (options.open ?? defaultOpenFile)(path, READ_FLAGS);
  } catch (error) {
    return { ok: false, kind: 'failed', code: 'unreadable', reason: `The file cannot be opened (${errno(error)}).` };
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) return { ok: false, kind: 'skipped', code: 'not-a-file', reason: 'Not a regular file; not read.' };
    if (info.size === 0) return { ok: false, kind: 'failed', code: 'empty', reason: 'The file is empty (0 bytes).' };
    // A file named like a photo is read in one go (one read call); anything else is sniffed first,
    // so a 2 GB video in the album is never read whole.
    const whole = hasPhotoExtension(name) && info.size <= maxBytes;
    const head = whole ? allocate(info.size) : Buffer.alloc(Math.min(SNIFF_BYTES, info.size));
    if (!(await readFully(handle, head, 0))) return shrank;
    const format = sniffImageFormat(head.subarray(0, SNIFF_BYTES));
    if (!format) {
      return hasPhotoExtension(name)
        ? { ok: false, kind: 'failed', code: 'not-an-image', reason: 'Named like a photo, but the content is not JPEG, PNG, TIFF, WebP or HEIC.' }
        : { ok: false, kind: 'skipped', code: 'not-a-photo', reason: 'Not a photo (the content is not an image format Heirloom reads).' };
    }
    const mtimeMs = Math.trunc(info.mtimeMs);
    if (whole) return { ok: true, bytes: head, format, mtimeMs };
    if (info.size > maxBytes) {
      return {
        ok: false,
        kind: 'failed',
        code: 'too-large',
        reason: `The file is ${(info.size / 1024 ** 2).toFixed(0)} MB; Heirloom reads photos up to ${(maxBytes / 1024 ** 2).toFixed(0)} MB.`,
      };
    }
    const bytes = allocate(info.size);
    head.copy(bytes);
    if (!(await readFully(handle, bytes, head.length))) return shrank;
    return { ok: true, bytes, format, mtimeMs };
  } catch (error) {
    return { ok: false, kind: 'failed', code: 'unreadable', reason: `The file cannot be read (${errno(error)}).` };
  } finally {
    await handle.close().catch(() => undefined);
  }
}
