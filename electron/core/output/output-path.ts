import { existsSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { DEFAULT_NAMING_PATTERN, outputFileName, safeComponent, truncateToBytes, type NameParts } from './naming';

/** Naming options beyond the default (`{name}.colorized`). */
export type NamingOptions = Pick<NameParts, 'pattern' | 'workflowId' | 'date'>;

const DEFAULT_NAMING: NamingOptions = { pattern: DEFAULT_NAMING_PATTERN, workflowId: '', date: '' };

/**
 * Where a result goes: the album's folder tree mirrored under the output root (`relPath` is the
 * photo's path inside its album, '/'-separated), named by the pattern (default keeps the
 * original's name with a `.colorized` suffix: `Grandma 1952.jpg` → `Grandma 1952.colorized.png`).
 * Candidates number up (` (2)`, ` (3)`…) so nothing is ever overwritten. Every component is made
 * safe (NFC, no characters a file system refuses, at most 255 bytes), and `..` or absolute parts
 * are dropped, so a candidate always lies inside the output root.
 */
export function outputCandidates(outputRoot: string, relPath: string, extension: string, max = 1000, naming: NamingOptions = DEFAULT_NAMING): string[] {
  const parts = relPath.split(/[\\/]/).filter((part) => part !== '' && part !== '.' && part !== '..');
  const fileName = parts.pop() ?? 'photo';
  const folders = parts.map((part) => safeComponent(truncateToBytes(part.normalize('NFC'), 255), '_'));
  const root = resolve(outputRoot);
  const stem = fileName.slice(0, fileName.length - extname(fileName).length) || fileName;
  const candidates: string[] = [];
  for (let n = 1; n <= max; n++) {
    const path = join(root, ...folders, outputFileName({ ...naming, stem }, extension, n));
    if (path.startsWith(root + sep)) candidates.push(path);
  }
  return candidates;
}

/**
 * The first candidate that is not an original, not on disk and accepted by `reserve` (the DB's
 * unique output_path). Returns undefined when every candidate is taken.
 */
export function chooseOutputPath(
  candidates: readonly string[],
  isOriginal: (path: string) => boolean,
  reserve: (path: string) => boolean,
): string | undefined {
  return candidates.find((path) => !isOriginal(path) && !existsSync(path) && reserve(path));
}
