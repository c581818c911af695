// A library of N photos for the UI benchmark, made with the core's own import (real thumbnails,
// real rows) and then given a realistic mix of states: 70 % colorized, 10 % failed with a reason,
// the rest waiting in a paused queue (so nothing changes while the page is measured). Spread over
// albums of 500. Seeded once per size and schema version into bench/.cache/ (git-ignored);
// every round works on a copy of the database.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import sharp from 'sharp';
import { createHeirloomCore } from '../../electron/core/api/create-core';
import { LATEST_SCHEMA_VERSION } from '../../electron/core/db/migrations';

export const ALBUM_SIZE = 500;
const WIDTH = 96;
const HEIGHT = 72;

export interface SeededLibrary {
  dir: string;
  database: string;
  photos: number;
  seconds: number;
}

/** A grey picture that differs from every other by its index (so no two are duplicates). */
function uniquePhoto(index: number): Promise<Buffer> {
  const pixels = Buffer.alloc(WIDTH * HEIGHT);
  for (let i = 0; i < pixels.length; i++) pixels[i] = 60 + ((i * 7 + (i % WIDTH) * 3) % 120);
  // The index, written as 16 bars of dark/light pixels in the first row: unique content.
  for (let bit = 0; bit < 16; bit++) pixels.fill((index >> bit) & 1 ? 250 : 5, bit * 6, bit * 6 + 6);
  return sharp(pixels, { raw: { width: WIDTH, height: HEIGHT, channels: 1 } }).jpeg({ quality: 80 }).toBuffer();
}

export async function seedLibrary(root: string, workflowsDir: string, photos: number, log: (line: string) => void, signal: AbortSignal): Promise<SeededLibrary> {
  const dir = join(root, `ui-${photos}-schema${LATEST_SCHEMA_VERSION}`);
  const marker = join(dir, 'seeded.json');
  const data = join(dir, 'data');
  if (existsSync(marker)) {
    const seeded = JSON.parse(await readFile(marker, 'utf8')) as SeededLibrary;
    log(`reusing the seeded library in ${dir} (${seeded.photos} photos, seeded in ${seeded.seconds.toFixed(0)} s)`);
    return seeded;
  }
  await rm(dir, { recursive: true, force: true });
  const started = performance.now();
  const albums: string[] = [];
  for (let index = 0; index < photos; index++) {
    if (index % 1000 === 0) signal.throwIfAborted();
    const album = join(dir, 'albums', `Album ${String(Math.floor(index / ALBUM_SIZE) + 1).padStart(2, '0')}`);
    if (index % ALBUM_SIZE === 0) {
      await mkdir(album, { recursive: true });
      albums.push(album);
    }
    await writeFile(join(album, `photo ${String(index).padStart(5, '0')}.jpg`), await uniquePhoto(index));
  }
  log(`wrote ${photos} photos in ${albums.length} albums (${((performance.now() - started) / 1000).toFixed(1)} s); importing them with the core…`);

  const core = await createHeirloomCore({ dataDir: data, workflowsDir, defaultOutputDir: join(dir, 'out'), appVersion: 'bench' });
  try {
    await core.handlers['queue.pause']({});
    for (const album of albums) {
      signal.throwIfAborted();
      const result = await core.handlers['photos.importPaths']({ paths: [album] });
      if (result.rejected.length > 0) throw new Error(`the seed import refused ${result.rejected.length} files: ${result.rejected[0]?.reason}`);
    }
  } finally {
    await core.close();
  }

  // States by rowid: 7 in 10 colorized, 1 in 10 failed; the rest stay waiting (paused).
  const database = join(data, 'heirloom.sqlite');
  const db = new Database(database);
  try {
    const now = Date.now();
    db.prepare(
      `UPDATE jobs SET state = 'succeeded', progress = 1, output_path = ? || id || '.png', finished_at_ms = ? - rowid * 1000, updated_at_ms = ? - rowid * 1000
       WHERE rowid % 10 < 7`,
    ).run(join(dir, 'out', 'missing-'), now, now);
    db.prepare(
      `UPDATE jobs SET state = 'failed', last_error_code = 'node-missing', last_error_message = 'node DDColor_Colorize is not installed on http://gpu-pc:8188',
         finished_at_ms = ?, updated_at_ms = ? WHERE rowid % 10 = 7`,
    ).run(now, now);
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
  const seeded: SeededLibrary = { dir, database, photos, seconds: (performance.now() - started) / 1000 };
  await writeFile(marker, `${JSON.stringify(seeded, null, 2)}\n`);
  log(`seeded ${photos} photos in ${seeded.seconds.toFixed(0)} s`);
  return seeded;
}
