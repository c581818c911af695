import { existsSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';

/**
 * Where a result goes: the album's folder tree mirrored under the output root, the original's
 * name kept with a `.colorized` suffix (`Grandma 1952.jpg` → `Grandma 1952.colorized.png`).
 * Candidates number up (` (2)`, ` (3)`…) so nothing is ever overwritten.
 */
export function outputCandidates(outputRoot: string, relPath: string, extension: string, max = 1000): string[] {
  const safeRel = normalize(relPath.split('/').filter((part) => part !== '' && part !== '.' && part !== '..').join(sep));
  const root = resolve(outputRoot);
  const stem = safeRel.slice(0, safeRel.length - extname(safeRel).length);
  const candidates: string[] = [];
  for (let n = 1; n <= max; n++) {
    const path = join(root, `${stem}.colorized${n === 1 ? '' : ` (${n})`}.${extension}`);
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
