// Test helpers: a real SQLite file in a fresh temp folder, a clock tests move by hand, counting ids.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '../db/open-database';

export function createTestClock(start = 1_800_000_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms), set: (ms: number) => void (t = ms) };
}

export function createCountingIds(prefix = 'id') {
  let n = 0;
  return () => `${prefix}-${String(++n).padStart(4, '0')}`;
}

export function tempDir(label = 'heirloom-test'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), `${label}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function openTestDb(dir: string, now: () => number): Db {
  return openDatabase(join(dir, 'heirloom.sqlite'), { now });
}
