import { isJunkFile } from './walk-files';

/**
 * Where an uploaded file belongs. The browser host gets a dropped folder file by file, each with
 * its path inside the drop ('Grandma/1962/a.jpg', header x-heirloom-relpath): the first segment
 * is the album (the dropped folder), the rest the file's place in it — what a folder imported by
 * path gives. A loose file has no folder path.
 */
export type UploadPlace =
  | { kind: 'loose'; name: string }
  | { kind: 'album'; albumName: string; /** Inside the album, '/'-separated ('1962/a.jpg'). */ relPath: string; name: string }
  /** Passed over on purpose, as the walk of a folder on disk passes it over. */
  | { kind: 'skipped'; shownPath: string; code: 'junk' | 'hidden'; reason: string };

export type UploadPlaceResult = { ok: true; place: UploadPlace } | { ok: false; reason: string };

/** Longest accepted folder path: 4,096 characters (PATH_MAX on Linux; no real album comes near). */
export const MAX_UPLOAD_PATH_CHARS = 4096;

// C0 controls (NUL included) and DEL: no file manager produces them, a forged request does.
// eslint-disable-next-line no-control-regex -- the point is to find control characters
const CONTROL = /[\u0000-\u001f\u007f]/;

const refuse = (reason: string): UploadPlaceResult => ({ ok: false, reason });

/** The file's own name from the upload's name header (a browser may send a whole Windows path). */
export function uploadDisplayName(name: string): string {
  return name.replaceAll('\\', '/').split('/').pop()?.normalize('NFC') || 'photo';
}

/**
 * Checks the folder path of an upload, which comes from the network and is untrusted: it must be
 * relative, '/'-separated, free of `.`/`..`, empty segments and control characters, and end with
 * the file's own name. Segments are NFC-normalised (macOS hands out decomposed names), so the same
 * folder dropped from two systems is one album. Hidden and junk entries are skipped with the same
 * codes a walk on disk gives them.
 */
export function uploadPlace(name: string, folderPath: string | undefined): UploadPlaceResult {
  if (CONTROL.test(name)) return refuse('The file name contains control characters.');
  const fileName = uploadDisplayName(name);
  if (folderPath === undefined) {
    if (isJunkFile(fileName)) return { ok: true, place: { kind: 'skipped', shownPath: fileName, code: 'junk', reason: 'System file, not a photo.' } };
    return { ok: true, place: { kind: 'loose', name: fileName } };
  }
  if (folderPath.length === 0) return refuse('The folder path is empty.');
  if (folderPath.length > MAX_UPLOAD_PATH_CHARS) return refuse(`The folder path is longer than ${MAX_UPLOAD_PATH_CHARS} characters.`);
  if (CONTROL.test(folderPath)) return refuse('The folder path contains control characters.');
  if (folderPath.includes('\\')) return refuse("The folder path must use '/' between folders.");
  if (folderPath.startsWith('/') || /^[A-Za-z]:/.test(folderPath)) return refuse('The folder path must be relative to the dropped folder, not absolute.');
  const segments = folderPath.normalize('NFC').split('/');
  if (segments.some((segment) => segment === '')) return refuse('The folder path has an empty folder name.');
  if (segments.some((segment) => segment === '.' || segment === '..')) return refuse("The folder path must not contain '.' or '..'.");
  if (segments.length < 2) return refuse('The folder path must start with the dropped folder.');
  const last = segments.at(-1) as string;
  if (last !== fileName) return refuse(`The folder path ends in "${last}", not in the file's name "${fileName}".`);

  const shownPath = segments.join('/');
  const albumName = segments[0] as string;
  const inside = segments.slice(1);
  const hidden = inside.findIndex((segment) => segment.startsWith('.'));
  if (isJunkFile(fileName)) return { ok: true, place: { kind: 'skipped', shownPath, code: 'junk', reason: 'System file, not a photo.' } };
  if (hidden !== -1) {
    const isFolder = hidden < inside.length - 1;
    return { ok: true, place: { kind: 'skipped', shownPath, code: 'hidden', reason: isFolder ? 'In a hidden folder, not imported.' : 'Hidden file, not imported.' } };
  }
  return { ok: true, place: { kind: 'album', albumName, relPath: inside.join('/'), name: fileName } };
}
