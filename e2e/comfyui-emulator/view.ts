// ComfyUI emulator (test infrastructure): GET /view (server.py view_image): filename with an
// optional " [output]" annotation, type (output|input|temp), subfolder (escape → 403), leading
// "/" or ".." in filename → 400, missing → 404 with an empty body; preview=webp|jpeg;Q and
// channel=rgb|a re-encode; otherwise a FileResponse (ETag, Last-Modified, Range).
import { readFile, stat } from 'node:fs/promises';
import sharp from 'sharp';
import { annotatedFilepath, directoryByType } from './folder-paths';
import type { Reply } from './http';
import { empty, headerValue } from './http';
import { FORCED_DOWNLOAD, guessType } from './mime';
import type { DataDirs } from './node-types';
import { isInside, pyBasename, pyJoin } from './pypath';

export interface ViewOverride {
  readonly body: Buffer;
  readonly contentType: string;
}

export interface ViewDeps {
  readonly dirs: DataDirs;
  /** Fault injection: answer requests for output/temp files with this body. */
  readonly override: () => ViewOverride | null;
}

function disposition(filename: string): Record<string, string> {
  return { 'Content-Disposition': headerValue(`filename="${filename}"`) };
}

async function reencode(file: string, filename: string, query: URLSearchParams): Promise<Reply> {
  const channel = query.get('channel') ?? '';
  const preview = query.get('preview');
  if (preview !== null) {
    const info = preview.split(';');
    const format = (info[0] === 'webp' || info[0] === 'jpeg') && !channel.includes('a') ? info[0] : 'webp';
    const last = info[info.length - 1] ?? '';
    const quality = /^\d+$/.test(last) ? Math.min(100, Math.max(1, Number(last))) : 90;
    let img = sharp(file);
    if (format === 'jpeg' || channel === 'rgb') img = img.removeAlpha();
    const body = format === 'jpeg' ? await img.jpeg({ quality }).toBuffer() : await img.webp({ quality }).toBuffer();
    return { kind: 'bytes', status: 200, body, headers: { 'Content-Type': `image/${format}`, ...disposition(filename) } };
  }
  if (channel === 'rgb') {
    const body = await sharp(file).removeAlpha().png().toBuffer();
    return { kind: 'bytes', status: 200, body, headers: { 'Content-Type': 'image/png', ...disposition(filename) } };
  }
  // channel=a: black RGBA carrying the source alpha (255 when it has none).
  const { data, info } = await sharp(file).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const rgba = Buffer.alloc(info.width * info.height * 4);
  for (let i = 0; i < info.width * info.height; i++) rgba[i * 4 + 3] = data[i * info.channels + info.channels - 1] ?? 255;
  const body = await sharp(rgba, { raw: { width: info.width, height: info.height, channels: 4 } }).png().toBuffer();
  return { kind: 'bytes', status: 200, body, headers: { 'Content-Type': 'image/png', ...disposition(filename) } };
}

async function fileResponse(file: string, filename: string, headers: Readonly<Record<string, string | undefined>>): Promise<Reply> {
  const st = await stat(file, { bigint: true });
  const etag = `"${st.mtimeNs.toString(16)}-${st.size.toString(16)}"`;
  const contentType = guessType(filename) ?? 'application/octet-stream';
  const base = {
    'Content-Type': FORCED_DOWNLOAD.has(contentType) ? 'application/octet-stream' : contentType,
    ...disposition(filename),
    ETag: etag,
    'Last-Modified': st.mtime.toUTCString(),
    'Accept-Ranges': 'bytes',
  };
  if (headers['if-none-match'] === etag) return { kind: 'bytes', status: 304, body: Buffer.alloc(0), headers: base };
  const body = await readFile(file);
  const range = /^bytes=(\d*)-(\d*)$/.exec(headers['range'] ?? '');
  if (range) {
    const size = body.length;
    const start = range[1] === '' ? Math.max(0, size - Number(range[2])) : Number(range[1]);
    const end = range[1] === '' || range[2] === '' ? size - 1 : Math.min(Number(range[2]), size - 1);
    if (start > end || start >= size) return { kind: 'bytes', status: 416, body: Buffer.alloc(0), headers: { 'Content-Range': `bytes */${size}` } };
    return { kind: 'bytes', status: 206, body: body.subarray(start, end + 1), headers: { ...base, 'Content-Range': `bytes ${start}-${end}/${size}` } };
  }
  return { kind: 'bytes', status: 200, body, headers: base };
}

export async function viewImage(query: URLSearchParams, headers: Readonly<Record<string, string | undefined>>, deps: ViewDeps): Promise<Reply> {
  const requested = query.get('filename');
  if (requested === null) return empty(404);
  const [name, annotatedDir] = annotatedFilepath(requested, deps.dirs);
  if (name === '') return empty(400);
  if (name.startsWith('/') || name.includes('..')) return empty(400);
  const baseDir = annotatedDir ?? directoryByType(query.get('type') ?? 'output', deps.dirs);
  if (baseDir === null) return empty(400);
  let dir = baseDir;
  const subfolder = query.get('subfolder');
  if (subfolder !== null) {
    const full = pyJoin(baseDir, subfolder);
    if (!isInside(baseDir, full)) return empty(403);
    dir = full;
  }
  const filename = pyBasename(name);
  const file = pyJoin(dir, filename);
  const override = deps.override();
  if (override !== null && baseDir !== deps.dirs.input) {
    return { kind: 'bytes', status: 200, body: override.body, headers: { 'Content-Type': override.contentType, ...disposition(filename) } };
  }
  const isFile = await stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!isFile) return empty(404);
  if (query.has('preview') || query.get('channel') === 'rgb' || query.get('channel') === 'a') {
    return reencode(file, filename, query);
  }
  return fileResponse(file, filename, headers);
}
