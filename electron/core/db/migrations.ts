// Forward-only schema migrations, bundled into the code (never read from disk at run time).
// Migration N takes a database at user_version N-1 to N. Never edit a released migration: add one.
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'photos, jobs, settings',
    sql: `
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE albums (
        id TEXT PRIMARY KEY,
        root_path TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE photos (
        id TEXT PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE,
        album_id TEXT REFERENCES albums(id),
        source_path TEXT NOT NULL,
        name TEXT NOT NULL,
        rel_path TEXT NOT NULL,
        width INTEGER NOT NULL CHECK (width > 0),
        height INTEGER NOT NULL CHECK (height > 0),
        format TEXT NOT NULL,
        size_bytes INTEGER NOT NULL,
        thumb_path TEXT,
        imported_at_ms INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE jobs (
        id TEXT PRIMARY KEY,
        photo_id TEXT NOT NULL REFERENCES photos(id),
        idempotency_key TEXT NOT NULL UNIQUE,
        workflow_id TEXT NOT NULL,
        params_json TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('queued', 'paused', 'running', 'succeeded', 'failed', 'canceled')),
        priority INTEGER NOT NULL DEFAULT 0,
        run_at_ms INTEGER NOT NULL,
        attempts_started INTEGER NOT NULL DEFAULT 0,
        attempts_max INTEGER NOT NULL,
        lease_token TEXT,
        lease_expires_at_ms INTEGER,
        backend_url TEXT,
        remote_prompt_id TEXT,
        stage TEXT,
        progress REAL NOT NULL DEFAULT 0,
        output_path TEXT,
        last_error_code TEXT,
        last_error_message TEXT,
        created_at_ms INTEGER NOT NULL,
        updated_at_ms INTEGER NOT NULL,
        finished_at_ms INTEGER,
        CHECK ((state = 'running') = (lease_token IS NOT NULL))
      ) STRICT;

      -- The claim query's index: only queued rows, in claim order.
      CREATE INDEX jobs_claimable ON jobs (priority DESC, run_at_ms, created_at_ms) WHERE state = 'queued';
      CREATE INDEX jobs_running_lease ON jobs (lease_expires_at_ms) WHERE state = 'running';
      CREATE INDEX jobs_by_photo ON jobs (photo_id, created_at_ms);
      CREATE UNIQUE INDEX jobs_output_path ON jobs (output_path) WHERE output_path IS NOT NULL;
    `,
  },
  {
    version: 2,
    name: 'queue controls, backends',
    sql: `
      -- Pause flags that outlive a restart: scope 'all' or 'album:<album id>'.
      CREATE TABLE queue_controls (
        scope TEXT PRIMARY KEY,
        paused INTEGER NOT NULL CHECK (paused IN (0, 1)),
        updated_at_ms INTEGER NOT NULL
      ) STRICT;

      -- ComfyUI backends: this PC and others on the LAN.
      CREATE TABLE backends (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        url TEXT NOT NULL UNIQUE,
        headers_json TEXT NOT NULL DEFAULT '{}',
        enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
        created_at_ms INTEGER NOT NULL,
        updated_at_ms INTEGER NOT NULL
      ) STRICT;

      CREATE INDEX photos_by_album ON photos (album_id);
    `,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
