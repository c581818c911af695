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
  {
    version: 3,
    name: 'backends seeded from settings',
    sql: `
      -- The backends table becomes the only truth for ComfyUI URLs: a new library gets this PC's
      -- ComfyUI (http://127.0.0.1:8188), an existing one the URL its settings named. Named by the
      -- URL's host[:port], as backends added later are.
      INSERT INTO backends (id, name, url, headers_json, enabled, created_at_ms, updated_at_ms)
      SELECT 'local',
             CASE WHEN instr(rest, '/') > 0 THEN substr(rest, 1, instr(rest, '/') - 1) ELSE rest END,
             url, '{}', 1, t, t
      FROM (
        SELECT url, substr(url, instr(url, '://') + 3) AS rest, t
        FROM (
          SELECT COALESCE(
                   (SELECT json_extract(value, '$') FROM settings
                    WHERE key = 'backendUrl' AND json_valid(value) AND json_type(value) = 'text'),
                   'http://127.0.0.1:8188') AS url,
                 CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) AS t
        )
      )
      WHERE NOT EXISTS (SELECT 1 FROM backends);
      DELETE FROM settings WHERE key = 'backendUrl';
    `,
  },
  {
    version: 4,
    name: 'broker outbox',
    sql: `
      -- Messages for RabbitMQ, written in the same transaction as the job change they announce
      -- and drained by the publisher (electron/core/broker) with publisher confirms. The body is
      -- read from body_path at publish time (a 40 MB scan does not belong in the database) and
      -- checked against body_sha256.
      CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        message_id TEXT NOT NULL UNIQUE,
        job_id TEXT REFERENCES jobs(id),
        routing_key TEXT NOT NULL,
        header_json TEXT NOT NULL,
        body_path TEXT,
        body_sha256 TEXT,
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'dead')),
        publish_attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        created_at_ms INTEGER NOT NULL,
        sent_at_ms INTEGER,
        CHECK ((body_path IS NULL) = (body_sha256 IS NULL))
      ) STRICT;
      -- The publisher's drain query: pending rows in order.
      CREATE INDEX outbox_pending ON outbox (seq) WHERE state = 'pending';
    `,
  },
  {
    version: 5,
    name: 'photo metadata, colour flag, album files for rescans',
    sql: `
      -- What the import reads from each photo (EXIF, ICC, pixels). Rows imported before this
      -- version keep the defaults: not colour, upright, 8-bit, no metadata.
      ALTER TABLE photos ADD COLUMN is_color INTEGER NOT NULL DEFAULT 0 CHECK (is_color IN (0, 1));
      ALTER TABLE photos ADD COLUMN color_residual REAL;
      ALTER TABLE photos ADD COLUMN taken_at TEXT;
      ALTER TABLE photos ADD COLUMN camera TEXT;
      ALTER TABLE photos ADD COLUMN gps_lat REAL;
      ALTER TABLE photos ADD COLUMN gps_lon REAL;
      ALTER TABLE photos ADD COLUMN gps_alt REAL;
      ALTER TABLE photos ADD COLUMN icc_profile TEXT;
      ALTER TABLE photos ADD COLUMN orientation INTEGER NOT NULL DEFAULT 1 CHECK (orientation BETWEEN 1 AND 8);
      ALTER TABLE photos ADD COLUMN bit_depth INTEGER NOT NULL DEFAULT 8;

      -- How the album was last walked, so a rescan walks it the same way.
      ALTER TABLE albums ADD COLUMN recursive INTEGER NOT NULL DEFAULT 1 CHECK (recursive IN (0, 1));

      -- Every file of an album already imported, with the size and mtime it had: a rescan skips
      -- unchanged files without reading them and re-hashes only new or changed ones.
      CREATE TABLE album_files (
        album_id TEXT NOT NULL REFERENCES albums(id),
        rel_path TEXT NOT NULL,
        size_bytes INTEGER NOT NULL,
        mtime_ms INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        PRIMARY KEY (album_id, rel_path)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 6,
    name: 'result review, favourite result, paged photo list',
    sql: `
      -- The user's verdict on one result in the compare view. Rows from before this version
      -- have none (NULL): not reviewed yet.
      ALTER TABLE jobs ADD COLUMN review TEXT CHECK (review IN ('accepted', 'rejected'));
      ALTER TABLE jobs ADD COLUMN reviewed_at_ms INTEGER;
      -- The result the user accepted among the photo's variants (other workflows, sizes): it is
      -- the photo's result from then on, and a photo that has one counts as reviewed.
      ALTER TABLE photos ADD COLUMN favorite_job_id TEXT REFERENCES jobs(id);

      -- photos.page walks the library in the grid's order (newest import first, then path) by
      -- keyset: the first screen reads one page of this index instead of sorting every photo.
      CREATE INDEX photos_by_import ON photos (imported_at_ms DESC, rel_path, id);
    `,
  },
  {
    version: 7,
    name: 'one index for the queued and running jobs',
    sql: `
      -- The claim's index and the running jobs' index become one, partial over the two states a
      -- job passes through: a claim moves the job's entry from 'queued' to 'running' (adjacent in
      -- this order, so one page) and its end removes it, instead of changing two indexes. WAL
      -- pages per claim+complete: 5.15 → 4.17 (npm run bench -- queue --power-cut). The OR form is what
      -- lets SQLite use it for "state = 'queued'" and for "state = 'running'" alike.
      DROP INDEX jobs_claimable;
      DROP INDEX jobs_running_lease;
      CREATE INDEX jobs_active ON jobs (state DESC, priority DESC, run_at_ms, created_at_ms) WHERE state = 'queued' OR state = 'running';
    `,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;
