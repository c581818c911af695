import { realpath, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { RejectedFile } from '../../shared/contract';
import type { Db } from '../db/open-database';
import { writeFileAtomically } from '../output/write-atomically';
import type { JobQueue } from '../queue/job-queue';
import { forEachConcurrent } from './for-each-concurrent';
import { createBufferPool } from './buffer-pool';
import { createProgressThrottle } from './progress-throttle';
import { createSlots } from './slots';
import { inspectImage, sha256Hex, type Inspection } from './inspect-image';
import type { PhotoRow, PhotoStore } from './photo-store';
import { readPhotoFile, type OpenFile } from './read-photo-file';
import { FORMAT_EXTENSIONS } from './sniff-format';
import { thumbnailPath, writeThumbnail } from './thumbnails';
import { uploadPlace } from './upload-path';
import { isJunkFile, walkAlbum, type WalkEntry } from './walk-files';

/** What a newly imported photo is queued for (from the settings' workflow and its default parameters). */
export interface JobTemplate {
  workflowId: string;
  params: Record<string, unknown>;
  idempotencyKey(photoSha256: string): string;
}

export interface ImportCounts {
  /** Every entry the import looked at; ends equal to the sum of the five below. */
  found: number;
  imported: number;
  duplicates: number;
  unchanged: number;
  skipped: number;
  failed: number;
}

export interface ImportProgress {
  phase: 'running' | 'done' | 'canceled';
  counts: ImportCounts;
  /** The entry just finished (relative path), null at the start and the end. */
  current: string | null;
}

export interface ImportOutcome {
  /** New photos and duplicates, in the order they finished (unchanged files are not listed). */
  photoIds: string[];
  /** Should have been photos and could not be imported. */
  rejected: RejectedFile[];
  /** Passed over on purpose: junk, hidden, links out of the root, loops, non-photos. */
  skipped: RejectedFile[];
  counts: ImportCounts;
  canceled: boolean;
}

export interface ImportRequest {
  /** Walk sub-folders (default true: a dropped folder). */
  recursive?: boolean;
  /** Queue photos that are already in colour too (default: they get no job). */
  colorizeColor?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: ImportProgress) => void;
}

export interface ImporterOptions {
  db: Db;
  photos: PhotoStore;
  queue: JobQueue;
  dataDir: string;
  now: () => number;
  randomId: () => string;
  jobTemplate: () => Promise<JobTemplate>;
  /** A photo was added without a job (already in colour): the UI still needs to hear of it. */
  onPhotoAdded?: (photoId: string) => void;
  /** Folders never walked into (the output root, the data dir); read at each import. */
  excludedFolders?: () => readonly string[];
  /**
   * Photos decoded at once (default: one per core). Twice as many photos are in hand: while one
   * decodes, the next is read and hashed and the last one's thumbnail and rows are written, so
   * the decodes never wait for the disk or the database (BENCHMARKS.md, import: this and the read
   * buffer pool took the import from 0.79 to 0.86–1.02 of a bare sharp thumbnail loop).
   */
  concurrency?: number;
  openFile?: OpenFile;
  /** Least time between two 'running' progress reports (default 100 ms, progress-throttle.ts); the start and the end always go out. */
  progressIntervalMs?: number;
}

/** A file the browser host received: its name, its bytes, and its path inside a dropped folder (absent for a loose file). */
export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
  /** Untrusted ('Grandma/1962/a.jpg'): checked by upload-path.ts; a bad one throws an error with code 'invalid-upload-path'. */
  folderPath?: string | undefined;
}

/** Where albums uploaded through the browser host are rooted (no such folder exists: their files are stored by content under originals/). */
export function uploadAlbumsRoot(dataDir: string): string {
  return join(dataDir, 'uploaded albums');
}

/** An album made from a folder dropped into a browser: it has no folder on this machine to scan again. */
export function isUploadedAlbum(dataDir: string, rootPath: string): boolean {
  return dirname(rootPath) === uploadAlbumsRoot(dataDir);
}

type FileResult =
  | { kind: 'imported'; photoId: string }
  | { kind: 'duplicate'; photoId: string }
  | { kind: 'unchanged' }
  | { kind: 'skipped'; code: string; reason: string }
  | { kind: 'failed'; code: string; reason: string };

interface Candidate {
  path: string;
  /** The name the user knows (the file's, or an upload's original name). */
  name: string;
  relPath: string;
  /** The album the file belongs to (null for a loose file). */
  albumId: string | null;
}

/** Size and modification time as read, remembered for the next rescan. */
interface FileStamp {
  size: number;
  mtimeMs: number;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createImporter(options: ImporterOptions) {
  const { db, photos, queue, now, randomId } = options;
  const uploadsDir = join(options.dataDir, 'originals');
  const concurrency = options.concurrency ?? availableParallelism();
  const decodes = createSlots(concurrency);
  // One read buffer per photo in hand; photos up to 64 MB reuse them (bigger ones are one-off).
  const buffers = createBufferPool({ maxBuffers: concurrency * 2, maxPooledBytes: 64 * 1024 * 1024 });
  const madeDirs = new Set<string>();

  /**
   * A file of a rescanned album whose content changed: the photo it used to be stops waiting
   * for its turn (its queued or paused job is canceled); running or finished work is left alone.
   * Only when that photo came from this very place (the same content elsewhere stays queued).
   */
  function supersede(oldSha: string, candidate: Omit<Candidate, 'path'>): void {
    const old = photos.bySha(oldSha);
    if (!old || old.album_id !== candidate.albumId || old.rel_path !== candidate.relPath) return;
    if (queue.running().some((job) => job.photoId === old.id)) return;
    queue.cancelPhotos([old.id]);
  }

  /** Records what the album's file holds now, for the next rescan; content it held before is superseded. */
  function rememberInAlbum(candidate: Omit<Candidate, 'path'>, stamp: FileStamp, sha256: string): void {
    if (!candidate.albumId) return;
    const previous = photos.albumFile(candidate.albumId, candidate.relPath);
    if (previous && previous.sha256 !== sha256) supersede(previous.sha256, candidate);
    photos.rememberFile({ albumId: candidate.albumId, relPath: candidate.relPath, size: stamp.size, mtimeMs: stamp.mtimeMs, sha256 });
  }

  /** Photo + album file + job in one transaction; a photo with the same content found meanwhile wins. */
  function commit(candidate: Candidate, stamp: FileStamp, inspection: Extract<Inspection, { ok: true }>, thumbPath: string, template: JobTemplate, colorizeColor: boolean): FileResult {
    return db
      .transaction((): FileResult => {
        const existing = photos.bySha(inspection.sha256);
        rememberInAlbum(candidate, stamp, inspection.sha256);
        if (existing) return { kind: 'duplicate', photoId: existing.id };
        const id = randomId();
        const { metadata } = inspection;
        const row: PhotoRow = {
          id,
          sha256: inspection.sha256,
          album_id: candidate.albumId,
          source_path: candidate.path,
          name: candidate.name,
          rel_path: candidate.relPath,
          width: inspection.width,
          height: inspection.height,
          format: inspection.format,
          size_bytes: stamp.size,
          thumb_path: thumbPath,
          imported_at_ms: now(),
          is_color: inspection.isColor ? 1 : 0,
          color_residual: inspection.colorResidual,
          taken_at: metadata.takenAt,
          camera: metadata.camera,
          gps_lat: metadata.gps?.latitude ?? null,
          gps_lon: metadata.gps?.longitude ?? null,
          gps_alt: metadata.gps?.altitude ?? null,
          icc_profile: metadata.iccProfile,
          orientation: metadata.orientation,
          bit_depth: metadata.bitDepth,
        };
        photos.insert(row);
        if (!inspection.isColor || colorizeColor) {
          queue.enqueue({ photoId: id, idempotencyKey: template.idempotencyKey(inspection.sha256), workflowId: template.workflowId, params: template.params });
        }
        return { kind: 'imported', photoId: id };
      })
      .immediate();
  }

  /** One file, start to end. Never throws: every problem becomes this file's reason. */
  async function importFile(candidate: Candidate, template: JobTemplate, colorizeColor: boolean): Promise<FileResult> {
    try {
      const known = candidate.albumId ? photos.albumFile(candidate.albumId, candidate.relPath) : undefined;
      // Rescan fast path: same size and mtime as at the last scan → not read at all.
      if (known?.photo_id) {
        const info = await stat(candidate.path).catch(() => undefined);
        if (info && info.size === known.size_bytes && Math.trunc(info.mtimeMs) === known.mtime_ms) return { kind: 'unchanged' };
      }
      const read = await readPhotoFile(candidate.path, candidate.name, { allocate: buffers.take, ...(options.openFile ? { open: options.openFile } : {}) });
      if (!read.ok) return { kind: read.kind, code: read.code, reason: read.reason };
      const stamp: FileStamp = { size: read.bytes.byteLength, mtimeMs: read.mtimeMs };
      let sha256: string;
      let inspection: Inspection;
      try {
        sha256 = sha256Hex(read.bytes);
        // Touched but not changed (same content): remember the new time, import nothing.
        if (known?.photo_id && known.sha256 === sha256) {
          rememberInAlbum(candidate, stamp, sha256);
          return { kind: 'unchanged' };
        }
        // Known content under another name: no decode, no thumbnail.
        const existing = photos.bySha(sha256);
        if (existing) {
          db.transaction(() => rememberInAlbum(candidate, stamp, sha256)).immediate();
          return { kind: 'duplicate', photoId: existing.id };
        }
        inspection = await inspectImage(read.bytes, { sha256, decodeSlot: decodes.run });
      } finally {
        buffers.give(read.bytes);
      }
      if (!inspection.ok) return { kind: 'failed', code: inspection.code, reason: inspection.reason };
      const thumbPath = thumbnailPath(options.dataDir, sha256);
      await writeThumbnail(thumbPath, inspection.thumbnailJpeg, madeDirs);
      return commit(candidate, stamp, inspection, thumbPath, template, colorizeColor);
    } catch (error) {
      return { kind: 'failed', code: 'internal', reason: `Heirloom could not import this file: ${messageOf(error)}` };
    }
  }

  /** Adds one file's result to an import's outcome. */
  function record(outcome: ImportOutcome, result: FileResult, shownPath: string): void {
    const { counts } = outcome;
    switch (result.kind) {
      case 'imported':
        counts.imported++;
        outcome.photoIds.push(result.photoId);
        options.onPhotoAdded?.(result.photoId);
        break;
      case 'duplicate':
        counts.duplicates++;
        outcome.photoIds.push(result.photoId);
        break;
      case 'unchanged':
        counts.unchanged++;
        break;
      case 'skipped':
        counts.skipped++;
        outcome.skipped.push({ name: shownPath, code: result.code, reason: result.reason });
        break;
      case 'failed':
        counts.failed++;
        outcome.rejected.push({ name: shownPath, code: result.code, reason: result.reason });
        break;
      default: {
        const exhaustive: never = result;
        throw new Error(`unhandled file result ${JSON.stringify(exhaustive)}`);
      }
    }
  }

  /** An uploaded file, start to end (the bytes are in hand: no read, no rescan fast path). Never throws. */
  async function importBytes(candidate: Omit<Candidate, 'path'>, bytes: Uint8Array, colorizeColor: boolean): Promise<FileResult> {
    try {
      const sha256 = sha256Hex(bytes);
      const stamp: FileStamp = { size: bytes.byteLength, mtimeMs: now() };
      const known = candidate.albumId ? photos.albumFile(candidate.albumId, candidate.relPath) : undefined;
      if (known?.photo_id && known.sha256 === sha256) return { kind: 'unchanged' };
      const existing = photos.bySha(sha256);
      if (existing) {
        db.transaction(() => rememberInAlbum(candidate, stamp, sha256)).immediate();
        return { kind: 'duplicate', photoId: existing.id };
      }
      const inspection = await inspectImage(bytes, { sha256, decodeSlot: decodes.run });
      if (!inspection.ok) return { kind: 'failed', code: inspection.code, reason: inspection.reason };
      const template = await options.jobTemplate();
      const stored = join(uploadsDir, `${sha256}.${FORMAT_EXTENSIONS[inspection.format]}`);
      await writeFileAtomically(stored, bytes);
      const thumbPath = thumbnailPath(options.dataDir, sha256);
      await writeThumbnail(thumbPath, inspection.thumbnailJpeg, madeDirs);
      return commit({ ...candidate, path: stored }, stamp, inspection, thumbPath, template, colorizeColor);
    } catch (error) {
      return { kind: 'failed', code: 'internal', reason: `Heirloom could not import this file: ${messageOf(error)}` };
    }
  }

  /** The entries one requested path stands for: a folder's walk, or the file itself. */
  async function* entriesOf(raw: string, recursive: boolean, signal: AbortSignal | undefined, excluded: readonly string[]): AsyncGenerator<WalkEntry & { albumId: string | null }> {
    const path = resolve(raw);
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      yield { kind: 'skipped', code: 'not-a-file', path, relPath: raw, reason: `Not found (${(error as NodeJS.ErrnoException).code ?? 'error'}).`, albumId: null };
      return;
    }
    if (info.isDirectory()) {
      const albumId = db.transaction(() => photos.albumFor(path, basename(path), recursive, randomId, now())).immediate();
      for await (const entry of walkAlbum(path, { recursive, exclude: excluded, ...(signal ? { signal } : {}) })) yield { ...entry, albumId };
    } else if (!info.isFile()) {
      yield { kind: 'skipped', code: 'not-a-file', path, relPath: basename(path), reason: 'Not a regular file (a pipe, socket or device); not opened.', albumId: null };
    } else if (isJunkFile(basename(path))) {
      yield { kind: 'skipped', code: 'junk', path, relPath: basename(path), reason: 'System file, not a photo.', albumId: null };
    } else {
      yield { kind: 'file', path, relPath: basename(path), albumId: null };
    }
  }

  async function realFolders(paths: readonly string[]): Promise<string[]> {
    const real = await Promise.all(paths.map((path) => realpath(path).catch(() => undefined)));
    return real.filter((path): path is string => path !== undefined);
  }

  return {
    /**
     * Files and folders by absolute path. A folder becomes an album (importing it again rescans
     * it); entries stream through `concurrency` lanes, each file in its own transaction, so a
     * cancel or a crash keeps everything finished before it.
     */
    async importPaths(paths: readonly string[], request: ImportRequest = {}): Promise<ImportOutcome> {
      const { signal, onProgress } = request;
      const recursive = request.recursive ?? true;
      const colorizeColor = request.colorizeColor ?? false;
      const template = await options.jobTemplate();
      const excluded = await realFolders([...(options.excludedFolders?.() ?? []), options.dataDir]);
      const counts: ImportCounts = { found: 0, imported: 0, duplicates: 0, unchanged: 0, skipped: 0, failed: 0 };
      const outcome: ImportOutcome = { photoIds: [], rejected: [], skipped: [], counts, canceled: false };
      const due = createProgressThrottle(now, options.progressIntervalMs);
      const report = (phase: ImportProgress['phase'], current: string | null) => {
        if (onProgress && due(phase !== 'running' || current === null)) onProgress({ phase, counts: { ...counts }, current });
      };

      async function* everything() {
        for (const raw of paths) yield* entriesOf(raw, recursive, signal, excluded);
      }
      report('running', null);
      try {
        await forEachConcurrent(
          everything(),
          concurrency * 2,
          async (entry) => {
            counts.found++;
            const result: FileResult =
              entry.kind === 'skipped'
                ? { kind: 'skipped', code: entry.code, reason: entry.reason }
                : await importFile(
                    { path: entry.path, name: basename(entry.path), relPath: entry.relPath, albumId: entry.albumId },
                    template,
                    colorizeColor,
                  );
            record(outcome, result, entry.relPath);
            report('running', entry.relPath);
          },
          signal,
        );
      } catch (error) {
        if (!signal?.aborted) throw error;
      }
      outcome.canceled = signal?.aborted ?? false;
      report(outcome.canceled ? 'canceled' : 'done', null);
      return outcome;
    },

    /**
     * Bytes uploaded through the browser host, kept under the data dir by content (the user's file
     * stays where it was). A file of a dropped folder (`folderPath`) goes into the album named after
     * that folder, at its place in it, as if the folder had been imported by path: the output
     * mirrors its sub-folders, and dropping the same folder again finds unchanged files by their
     * hash. A folder path that is not safe is refused (code 'invalid-upload-path'); anything wrong
     * with the file itself is this file's reason, as in a folder import.
     */
    async importUpload(upload: UploadedFile, request: Pick<ImportRequest, 'colorizeColor'> = {}): Promise<ImportOutcome> {
      const checked = uploadPlace(upload.name, upload.folderPath);
      if (!checked.ok) throw Object.assign(new Error(checked.reason), { code: 'invalid-upload-path' });
      const { place } = checked;
      const outcome: ImportOutcome = { photoIds: [], rejected: [], skipped: [], counts: { found: 1, imported: 0, duplicates: 0, unchanged: 0, skipped: 0, failed: 0 }, canceled: false };
      if (place.kind === 'skipped') {
        record(outcome, { kind: 'skipped', code: place.code, reason: place.reason }, place.shownPath);
        return outcome;
      }
      const candidate =
        place.kind === 'album'
          ? {
              name: place.name,
              relPath: place.relPath,
              albumId: db.transaction(() => photos.albumFor(join(uploadAlbumsRoot(options.dataDir), place.albumName), place.albumName, true, randomId, now())).immediate(),
            }
          : { name: place.name, relPath: place.name, albumId: null };
      const shownPath = place.kind === 'album' ? `${place.albumName}/${place.relPath}` : place.name;
      record(outcome, await importBytes(candidate, upload.bytes, request.colorizeColor ?? false), shownPath);
      return outcome;
    },
  };
}

export type Importer = ReturnType<typeof createImporter>;
