// ComfyUI emulator (test infrastructure): the slice of Python's mimetypes.guess_type that ComfyUI
// uses for /view's Content-Type and for LoadImage's file list (image/* files only). The table is
// CPython 3.11's plus what a Debian /etc/mime.types adds for modern photo formats.
const TYPES: ReadonlyMap<string, string> = new Map([
  ['.png', 'image/png'],
  ['.jpg', 'image/jpeg'],
  ['.jpeg', 'image/jpeg'],
  ['.jpe', 'image/jpeg'],
  ['.gif', 'image/gif'],
  ['.webp', 'image/webp'],
  ['.bmp', 'image/bmp'],
  ['.tif', 'image/tiff'],
  ['.tiff', 'image/tiff'],
  ['.ico', 'image/vnd.microsoft.icon'],
  ['.svg', 'image/svg+xml'],
  ['.avif', 'image/avif'],
  ['.heic', 'image/heic'],
  ['.heif', 'image/heif'],
  ['.jxl', 'image/jxl'],
  ['.pbm', 'image/x-portable-bitmap'],
  ['.pgm', 'image/x-portable-graymap'],
  ['.ppm', 'image/x-portable-pixmap'],
  ['.pnm', 'image/x-portable-anymap'],
  ['.json', 'application/json'],
  ['.txt', 'text/plain'],
  ['.html', 'text/html'],
  ['.htm', 'text/html'],
  ['.js', 'application/javascript; charset=utf-8'],
  ['.css', 'text/css'],
  ['.mp4', 'video/mp4'],
  ['.webm', 'video/webm'],
  ['.mp3', 'audio/mpeg'],
  ['.wav', 'audio/x-wav'],
  ['.flac', 'audio/flac'],
]);

/** mimetypes.guess_type(name)[0], or null. Case-insensitive on the extension, like Python. */
export function guessType(name: string): string | null {
  const dot = name.lastIndexOf('.');
  if (dot < 0) return null;
  return TYPES.get(name.slice(dot).toLowerCase()) ?? null;
}

/** Content types /view refuses to serve inline (server.py forces a download for these). */
export const FORCED_DOWNLOAD: ReadonlySet<string> = new Set([
  'text/html',
  'text/html-sandboxed',
  'application/xhtml+xml',
  'text/javascript',
  'text/css',
]);
