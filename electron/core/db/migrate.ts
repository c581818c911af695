import { copyFileSync, existsSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './migrations';

export class DatabaseFromTheFutureError extends Error {
  readonly code = 'db-from-future';
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `This library was written by a newer Heirloom (schema ${found}; this version understands up to ${supported}). ` +
        'Nothing was changed. Update Heirloom to open it.',
    );
    this.name = 'DatabaseFromTheFutureError';
  }
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the schema to LATEST_SCHEMA_VERSION in ONE transaction (all or nothing). A database of a
 * newer version is refused before anything is touched; an existing database is copied to
 * `<path>.v<old>.bak` before it is migrated.
 */
export function migrate(
  db: Database.Database,
  options: { path: string; now: () => number; migrations?: readonly Migration[] },
): { from: number; to: number } {
  const migrations = options.migrations ?? MIGRATIONS;
  const latest = options.migrations ? migrations.length : LATEST_SCHEMA_VERSION;
  const from = schemaVersion(db);
  if (from > latest) throw new DatabaseFromTheFutureError(from, latest);
  if (from === latest) return { from, to: from };
  if (from > 0 && options.path !== ':memory:' && existsSync(options.path)) {
    db.pragma('wal_checkpoint(TRUNCATE)');
    copyFileSync(options.path, `${options.path}.v${from}.bak`);
  }
  db.transaction(() => {
    for (const migration of migrations.slice(from)) {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }
  }).immediate();
  return { from, to: latest };
}
