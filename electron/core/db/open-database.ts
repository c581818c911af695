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
}

/**
 * Opens (creating if needed) the Heirloom database and brings its schema up to date.
 *
 * Durability choice: WAL + synchronous=NORMAL. In WAL mode NORMAL never corrupts the database;
 * a power cut can lose only the transactions committed since the last WAL sync (the OS has them,
 * the disk may not). For Heirloom that costs at most a few job state changes, which start-up
 * recovery repairs (a job seen `running` is reconciled with its backend), and never an output
 * file (outputs are renamed into place before the job is marked succeeded).
 */
export function openDatabase(path: string, options: OpenDatabaseOptions): Db {
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  try {
    // Refuse a newer database before any pragma writes to its header.
    const found = schemaVersion(db);
    if (found > LATEST_SCHEMA_VERSION) throw new DatabaseFromTheFutureError(found, LATEST_SCHEMA_VERSION);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    migrate(db, { path, now: options.now });
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}
