import type { ErrorInfo, JobDto, JobStage, JobState, PhotoDto, Review } from '../../shared/contract';
import type { Db } from '../db/open-database';

export interface PhotoRow {
  id: string;
  sha256: string;
  album_id: string | null;
  source_path: string;
  name: string;
  rel_path: string;
  width: number;
  height: number;
  format: string;
  size_bytes: number;
  thumb_path: string | null;
  imported_at_ms: number;
  is_color: 0 | 1;
  color_residual: number | null;
  taken_at: string | null;
  camera: string | null;
  gps_lat: number | null;
  gps_lon: number | null;
  gps_alt: number | null;
  icc_profile: string | null;
  orientation: number;
  bit_depth: number;
}

export interface AlbumRow {
  id: string;
  root_path: string;
  name: string;
  recursive: 0 | 1;
}

/** What the last scan of an album saw of one file. */
export interface AlbumFileRow {
  size_bytes: number;
  mtime_ms: number;
  sha256: string;
  /** The photo with that content, if it is still in the library. */
  photo_id: string | null;
}

interface JoinedRow extends PhotoRow {
  job_id: string | null;
  job_state: JobState | null;
  job_stage: JobStage | null;
  job_progress: number | null;
  job_workflow_id: string | null;
  job_backend_url: string | null;
  job_attempts: number | null;
  job_error_code: string | null;
  job_error_message: string | null;
  job_output_path: string | null;
  job_updated_at_ms: number | null;
  reviewed: Review | null;
}

// The grid's review mark (migration 6's columns, written by api/photo-results.ts): accepted when
// the photo has a favourite; rejected when it has finished results and every one was rejected.
// Both lookups ride the jobs-by-photo index; a photo has a handful of jobs at most.
const REVIEWED_SQL = `CASE
    WHEN p.favorite_job_id IS NOT NULL THEN 'accepted'
    WHEN EXISTS (SELECT 1 FROM jobs r WHERE r.photo_id = p.id AND r.review = 'rejected')
     AND NOT EXISTS (SELECT 1 FROM jobs r WHERE r.photo_id = p.id AND r.state = 'succeeded' AND r.output_path IS NOT NULL AND r.review IS NOT 'rejected')
    THEN 'rejected' END`;

// The latest job of each photo (a photo gets more jobs later: other workflows, sizes).
const SELECT_JOINED = `
  SELECT p.*, j.id AS job_id, j.state AS job_state, j.stage AS job_stage, j.progress AS job_progress,
    j.workflow_id AS job_workflow_id, j.backend_url AS job_backend_url, j.attempts_started AS job_attempts,
    j.last_error_code AS job_error_code, j.last_error_message AS job_error_message,
    j.output_path AS job_output_path, j.updated_at_ms AS job_updated_at_ms,
    ${REVIEWED_SQL} AS reviewed
  FROM photos p
  LEFT JOIN jobs j ON j.id = (SELECT id FROM jobs WHERE photo_id = p.id ORDER BY created_at_ms DESC, id DESC LIMIT 1)`;

function toJob(row: JoinedRow): JobDto | null {
  if (!row.job_id || !row.job_state || !row.job_workflow_id) return null;
  const error: ErrorInfo | null =
    row.job_error_code && row.job_state !== 'succeeded' ? { code: row.job_error_code, message: row.job_error_message ?? '' } : null;
  return {
    id: row.job_id,
    state: row.job_state,
    stage: row.job_state === 'running' ? row.job_stage : null,
    progress: row.job_progress ?? 0,
    workflowId: row.job_workflow_id,
    backendUrl: row.job_backend_url,
    attempts: row.job_attempts ?? 0,
    error,
    hasResult: row.job_state === 'succeeded' && row.job_output_path !== null,
    updatedAtMs: row.job_updated_at_ms ?? row.imported_at_ms,
  };
}

function toPhoto(row: JoinedRow): PhotoDto {
  return {
    id: row.id,
    albumId: row.album_id,
    name: row.name,
    relPath: row.rel_path,
    width: row.width,
    height: row.height,
    format: row.format,
    importedAtMs: row.imported_at_ms,
    isColor: row.is_color === 1,
    metadata: {
      takenAt: row.taken_at,
      camera: row.camera,
      gps: row.gps_lat !== null && row.gps_lon !== null ? { latitude: row.gps_lat, longitude: row.gps_lon, altitude: row.gps_alt } : null,
      iccProfile: row.icc_profile,
      orientation: row.orientation,
      bitDepth: row.bit_depth,
    },
    job: toJob(row),
    reviewed: row.reviewed,
  };
}

export type PhotoStore = ReturnType<typeof createPhotoStore>;

export function createPhotoStore(db: Db) {
  const statements = {
    all: db.prepare(`${SELECT_JOINED} ORDER BY p.imported_at_ms, p.rel_path`),
    one: db.prepare(`${SELECT_JOINED} WHERE p.id = ?`),
    byJob: db.prepare(`SELECT photo_id FROM jobs WHERE id = ?`),
    row: db.prepare(`SELECT * FROM photos WHERE id = ?`),
    bySha: db.prepare(`SELECT * FROM photos WHERE sha256 = ?`),
    insert: db.prepare(
      `INSERT INTO photos (id, sha256, album_id, source_path, name, rel_path, width, height, format, size_bytes, thumb_path, imported_at_ms,
         is_color, color_residual, taken_at, camera, gps_lat, gps_lon, gps_alt, icc_profile, orientation, bit_depth)
       VALUES (@id, @sha256, @album_id, @source_path, @name, @rel_path, @width, @height, @format, @size_bytes, @thumb_path, @imported_at_ms,
         @is_color, @color_residual, @taken_at, @camera, @gps_lat, @gps_lon, @gps_alt, @icc_profile, @orientation, @bit_depth)`,
    ),
    isSource: db.prepare(`SELECT 1 FROM photos WHERE source_path = ? LIMIT 1`),
    latestResult: db.prepare(
      `SELECT output_path FROM jobs WHERE photo_id = ? AND state = 'succeeded' AND output_path IS NOT NULL
       ORDER BY finished_at_ms DESC LIMIT 1`,
    ),
    albumByRoot: db.prepare(`SELECT id FROM albums WHERE root_path = ?`),
    albumById: db.prepare(`SELECT id, root_path, name, recursive FROM albums WHERE id = ?`),
    insertAlbum: db.prepare(`INSERT INTO albums (id, root_path, name, created_at_ms, recursive) VALUES (?, ?, ?, ?, ?)`),
    setRecursive: db.prepare(`UPDATE albums SET recursive = ? WHERE id = ?`),
    albumFile: db.prepare(
      `SELECT f.size_bytes, f.mtime_ms, f.sha256, p.id AS photo_id
       FROM album_files f LEFT JOIN photos p ON p.sha256 = f.sha256
       WHERE f.album_id = ? AND f.rel_path = ?`,
    ),
    rememberFile: db.prepare(
      `INSERT INTO album_files (album_id, rel_path, size_bytes, mtime_ms, sha256) VALUES (@albumId, @relPath, @size, @mtimeMs, @sha256)
       ON CONFLICT (album_id, rel_path) DO UPDATE SET size_bytes = excluded.size_bytes, mtime_ms = excluded.mtime_ms, sha256 = excluded.sha256`,
    ),
  };
  return {
    list: (): PhotoDto[] => (statements.all.all() as JoinedRow[]).map(toPhoto),
    dto(photoId: string): PhotoDto | undefined {
      const row = statements.one.get(photoId) as JoinedRow | undefined;
      return row ? toPhoto(row) : undefined;
    },
    photoIdOfJob: (jobId: string) => (statements.byJob.get(jobId) as { photo_id: string } | undefined)?.photo_id,
    row: (photoId: string) => statements.row.get(photoId) as PhotoRow | undefined,
    bySha: (sha256: string) => statements.bySha.get(sha256) as PhotoRow | undefined,
    insert: (row: PhotoRow) => statements.insert.run(row),
    isOriginal: (path: string) => statements.isSource.get(path) !== undefined,
    resultPath: (photoId: string) => (statements.latestResult.get(photoId) as { output_path: string } | undefined)?.output_path,
    albums: () =>
      db.prepare(`SELECT id, name, root_path FROM albums ORDER BY name`).all() as Array<{ id: string; name: string; root_path: string }>,
    /** The album rooted at `rootPath` (created on first import), remembering how it was walked. */
    albumFor(rootPath: string, name: string, recursive: boolean, newId: () => string, now: number): string {
      const existing = statements.albumByRoot.get(rootPath) as { id: string } | undefined;
      if (existing) {
        statements.setRecursive.run(recursive ? 1 : 0, existing.id);
        return existing.id;
      }
      const id = newId();
      statements.insertAlbum.run(id, rootPath, name, now, recursive ? 1 : 0);
      return id;
    },
    album: (albumId: string) => statements.albumById.get(albumId) as AlbumRow | undefined,
    albumFile: (albumId: string, relPath: string) => statements.albumFile.get(albumId, relPath) as AlbumFileRow | undefined,
    rememberFile: (file: { albumId: string; relPath: string; size: number; mtimeMs: number; sha256: string }) => statements.rememberFile.run(file),
  };
}
