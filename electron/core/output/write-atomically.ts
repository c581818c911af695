import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { link, mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Bytes `writeFileAtomically` adds to a name for its temp file: '.' + name + '.' + 12 hex + '.tmp'. */
export const TEMP_NAME_OVERHEAD = 18;

export interface AtomicWriteOptions {
  /**
   * Never replace an existing file: fails with code EEXIST instead. Done with link(temp, path),
   * which the OS refuses atomically when the name is taken; on file systems without hard links
   * (FAT32/exFAT USB drives) it falls back to check-then-rename, which has a tiny race window.
   */
  noClobber?: boolean;
}

const errno = (error: unknown) => (error as NodeJS.ErrnoException).code;
const NO_HARD_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK']);

function exists(path: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${path} already exists; it was not replaced.`), { code: 'EEXIST', path });
}

/** Moves the finished temp file to its name: rename (replacing) or link + unlink (never replacing). */
async function publish(temp: string, path: string, noClobber: boolean): Promise<void> {
  if (!noClobber) {
    await rename(temp, path);
    return;
  }
  try {
    await link(temp, path);
  } catch (error) {
    if (!NO_HARD_LINKS.has(errno(error) ?? '')) throw errno(error) === 'EEXIST' ? exists(path) : error;
    if (existsSync(path)) throw exists(path);
    await rename(temp, path);
    return;
  }
  await rm(temp, { force: true });
}

/**
 * Writes via a temp file in the same folder, fsync, then rename (or link): a reader (or a crash)
 * sees either no file or the whole file, never half of one.
 */
export async function writeFileAtomically(path: string, bytes: Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await publish(temp, path, options.noClobber ?? false);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Removes temp files an earlier write of the same path left behind when the process was killed.
 * Called only for a retried job (it lists the folder, which is costly in a 10 000-photo album).
 */
export async function removeStaleTemps(path: string): Promise<void> {
  const prefix = `.${basename(path)}.`;
  const stale = (await readdir(dirname(path)).catch(() => [] as string[])).filter((name) => name.startsWith(prefix) && name.endsWith('.tmp'));
  await Promise.all(stale.map((name) => rm(join(dirname(path), name), { force: true })));
}
