// ComfyUI emulator (test infrastructure): posixpath semantics that ComfyUI's path checks rely on.
// Node's path.join differs from os.path.join (an absolute second part replaces the first in
// Python), and normpath drops a trailing slash; the upload/view/save escape checks depend on both.
import { posix } from 'node:path';

/** os.path.join(a, b) */
export function pyJoin(a: string, b: string): string {
  if (b.startsWith('/')) return b;
  if (a === '' || a.endsWith('/')) return a + b;
  return `${a}/${b}`;
}

/** os.path.normpath(p) */
export function pyNormpath(p: string): string {
  if (p === '') return '.';
  const normalized = posix.normalize(p);
  return normalized.length > 1 && normalized.endsWith('/') ? normalized.slice(0, -1) : normalized;
}

/** os.path.abspath(p) relative to the emulator's working directory. */
export function pyAbspath(p: string): string {
  return pyNormpath(posix.resolve(p));
}

/** os.path.commonpath((base, p)) === base, for an absolute, normalised base. */
export function isInside(base: string, p: string): boolean {
  const abs = pyAbspath(p);
  return abs === base || abs.startsWith(base.endsWith('/') ? base : `${base}/`);
}

/** os.path.basename */
export function pyBasename(p: string): string {
  const i = p.lastIndexOf('/');
  return i < 0 ? p : p.slice(i + 1);
}

/** os.path.dirname */
export function pyDirname(p: string): string {
  const i = p.lastIndexOf('/');
  if (i < 0) return '';
  const head = p.slice(0, i + 1);
  return /^\/+$/.test(head) ? head : head.replace(/\/+$/, '');
}

/** os.path.splitext */
export function pySplitext(p: string): [string, string] {
  const base = pyBasename(p);
  const dot = base.lastIndexOf('.');
  // A leading dot (".bashrc") is not an extension; nor are only-dots names.
  if (dot <= 0 || /^\.+$/.test(base.slice(0, dot + 1))) return [p, ''];
  const cut = p.length - (base.length - dot);
  return [p.slice(0, cut), p.slice(cut)];
}
