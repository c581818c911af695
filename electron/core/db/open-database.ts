import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseFromTheFutureError, migrate, schemaVersion } from './migrate';
import { LATEST_SCHEMA_VERSION } from './migrations';

export type Db = Database.Database;

export interface OpenDatabaseOptions {
  /** Electron-ABI build of better-sqlite3 (the app); undefined in plain Node (tests, CLI). */
  nativeBinding?: string | undefined;
  now: () => number;
  /** How long to wait for another process to let go of the library (one that is quitting) before refusing. */
  waitForOwnerMs?: number;
}

/** Another process (the app, a CLI run) has this library open; it was not touched. */
export class LibraryInUseError extends Error {
  readonly code = 'library-in-use';
  constructor(readonly path: string) {
    super(
      `This library is open in another Heirloom (the app or a command-line run): ${path}. ` +
        'Nothing was changed. Close the other one, or give this one a different library folder.',
    );
    this.name = 'LibraryInUseError';
  }
}

const isBusy = (error: unknown) => error instanceof Error && 'code' in error && (error.code === 'SQLITE_BUSY' || error.code === 'SQLITE_BUSY_RECOVERY');

/**
 * Opens (creating if needed) the Heirloom database and brings its schema up to date.
 *
 * Durability choice: WAL + synchronous=NORMAL (plainjob's too). In WAL mode NORMAL never corrupts
 * the database, and a crash of the process loses nothing committed. It does not sync on commit:
 * the WAL is synced only when a checkpoint copies it into the database. A power cut can therefore
 * roll back the commits since the last checkpoint, to an older, consistent state that start-up
 * recovery repairs (a job seen `running` is reconciled with its backend by the prompt id, if that
 * was synced). Two bounds on that window:
 * - pages: SQLite checkpoints after a commit once the WAL holds wal_autocheckpoint (1000, the
 *   default, kept) pages. Measured (`npm run bench -- queue --power-cut`), a claim+complete writes
 *   4.17 WAL pages: up to ~240 jobs' claims and completions, ~14 ms of work at full speed.
 * - time: the core syncs the WAL every second (wal-sync.ts). In the app, where a photo takes
 *   seconds and writes ~13 pages plus 2 per progress report, the page bound alone allowed minutes
 *   of work; now a power cut undoes at most about the last second, like Redis' `appendfsync
 *   everysec` (see BENCHMARKS.md, queue).
 */
export function openDatabase(path: string, options: OpenDatabaseOptions): Db {
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    // One process owns a library: the core is the only writer, and the UI's events come from its
    // own changes, so a second process would work unseen. The lock says so instead (as Lightroom's
    // catalog lock does), and it is the queue's largest single saving: without it every
    // transaction takes and drops the database file's lock and the WAL index's read and write
    // locks (6 fcntl calls; the WAL index lives in this process's memory instead of the -shm
    // file). Measured (npm run bench -- queue, interleaved A/B, c=8): 26.7k → 33.1k claim+complete
    // per second, 31.8 → 24.4 µs CPU per job. Set before the first read, which takes the lock.
    db.pragma(`busy_timeout = ${options.waitForOwnerMs ?? 2000}`);
    db.pragma('locking_mode = EXCLUSIVE');
    // Refuse a newer database before any pragma writes to its header.
    const found = schemaVersion(db);
    if (found > LATEST_SCHEMA_VERSION) throw new DatabaseFromTheFutureError(found, LATEST_SCHEMA_VERSION);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db, { path, now: options.now });
    return db;
  } catch (error) {
    db.close();
    // Busy: another process holds the lock. Usually at the first read; while a new library is
    // created by two at once, at the switch to WAL. Once the lock is held nothing else waits.
    throw isBusy(error) ? new LibraryInUseError(path) : error;
  }
}
