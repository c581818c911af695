// ComfyUI emulator (test infrastructure): ComfyUI's folder_paths.py — input/output/temp folders,
// "name [output]" annotations, LoadImage's file list and SaveImage's <prefix>_<counter:05>_ naming.
import { mkdir, readdir, stat } from 'node:fs/promises';
import { guessType } from './mime';
import type { DataDirs } from './node-types';
import { PyException, pyInt } from './py';
import { isInside, pyAbspath, pyBasename, pyDirname, pyJoin, pyNormpath } from './pypath';

export type FolderType = 'input' | 'output' | 'temp';

export function directoryByType(type: string, dirs: DataDirs): string | null {
  switch (type) {
    case 'input':
      return dirs.input;
    case 'output':
      return dirs.output;
    case 'temp':
      return dirs.temp;
    default:
      return null;
  }
}

/** annotated_filepath: "x.png [output]" → ["x.png", output dir]; otherwise [name, null]. */
export function annotatedFilepath(name: string, dirs: DataDirs): [string, string | null] {
  // ComfyUI slices a fixed length, assuming one space before the bracket.
  if (name.endsWith('[output]')) return [name.slice(0, -9), dirs.output];
  if (name.endsWith('[input]')) return [name.slice(0, -8), dirs.input];
  if (name.endsWith('[temp]')) return [name.slice(0, -7), dirs.temp];
  return [name, null];
}

/** get_annotated_filepath with the input folder as default. */
export function annotatedFullPath(name: string, dirs: DataDirs): string {
  const [rest, base] = annotatedFilepath(name, dirs);
  return pyJoin(base ?? dirs.input, rest);
}

/**
 * exists_annotated_filepath. Unlike ComfyUI (which would accept "/etc/passwd"), paths that leave
 * the data folders count as missing: the emulator never reads outside its own data directory.
 */
export async function existsAnnotatedFilepath(name: string, dirs: DataDirs): Promise<boolean> {
  const [rest, base] = annotatedFilepath(name, dirs);
  const full = pyJoin(base ?? dirs.input, rest);
  if (!isInside(base ?? dirs.input, full)) return false;
  return stat(full).then(
    () => true,
    () => false,
  );
}

/** LoadImage.INPUT_TYPES: sorted top-level files of input/ whose mimetype is image/*. */
export async function listInputImages(dirs: DataDirs): Promise<string[]> {
  const entries = await readdir(dirs.input, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && (guessType(e.name) ?? '').startsWith('image/'))
    .map((e) => e.name)
    .sort();
}

export interface SaveImagePath {
  readonly folder: string;
  readonly filename: string;
  readonly counter: number;
  readonly subfolder: string;
}

function two(n: number): string {
  return String(n).padStart(2, '0');
}

/** compute_vars: %width% / %height% / %year% ... in a filename_prefix. */
function computeVars(prefix: string, width: number, height: number, now: Date): string {
  return prefix
    .replaceAll('%width%', String(width))
    .replaceAll('%height%', String(height))
    .replaceAll('%year%', String(now.getFullYear()))
    .replaceAll('%month%', two(now.getMonth() + 1))
    .replaceAll('%day%', two(now.getDate()))
    .replaceAll('%hour%', two(now.getHours()))
    .replaceAll('%minute%', two(now.getMinutes()))
    .replaceAll('%second%', two(now.getSeconds()));
}

/**
 * get_save_image_path: subfolder from the prefix's directory part, counter = 1 + the highest
 * NNNNN among existing "<filename>_NNNNN..." files (so counters survive restarts).
 */
export async function getSaveImagePath(filenamePrefix: string, outputDir: string, width: number, height: number): Promise<SaveImagePath> {
  const prefix = filenamePrefix.includes('%') ? computeVars(filenamePrefix, width, height, new Date()) : filenamePrefix;
  const subfolder = pyDirname(pyNormpath(prefix));
  const filename = pyBasename(pyNormpath(prefix));
  const folder = pyJoin(outputDir, subfolder);
  if (!isInside(outputDir, folder)) {
    throw new PyException(
      'Exception',
      `**** ERROR: Saving image outside the output folder is not allowed.\n full_output_folder: ${pyAbspath(folder)}\n         output_dir: ${outputDir}\n         commonpath: ${commonPath(outputDir, pyAbspath(folder))}`,
    );
  }
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    await mkdir(folder, { recursive: true });
    return { folder, filename, counter: 1, subfolder };
  }
  const prefixLength = pyBasename(prefix).length;
  let highest = 0;
  let found = false;
  for (const name of names) {
    const head = name.slice(0, prefixLength + 1);
    if (head.slice(0, -1) !== filename || !head.endsWith('_')) continue;
    let digits = 0;
    try {
      digits = pyInt(name.slice(prefixLength + 1).split('_')[0] ?? '');
    } catch {
      digits = 0;
    }
    highest = found ? Math.max(highest, digits) : digits;
    found = true;
  }
  return { folder, filename, counter: found ? highest + 1 : 1, subfolder };
}

function commonPath(a: string, b: string): string {
  const pa = a.split('/');
  const pb = b.split('/');
  let i = 0;
  while (i < pa.length && i < pb.length && pa[i] === pb[i]) i++;
  return pa.slice(0, i).join('/') || '/';
}
