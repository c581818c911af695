import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { RejectedFile } from '../../shared/contract';
import type { Db } from '../db/open-database';
import type { JobQueue } from '../queue/job-queue';
import { inspectImage, type Inspection } from './inspect-image';
import type { PhotoStore } from './photo-store';
import { FORMAT_EXTENSIONS } from './sniff-format';
import { walkFiles } from './walk-files';

/** What a newly imported photo is queued for (from the settings' workflow and its default parameters). */
export interface JobTemplate {
  workflowId: string;
  params: Record<string, unknown>;
  idempotencyKey(photoSha256: string): string;
}

export interface ImportOutcome {
  photoIds: string[];
  rejected: RejectedFile[];
  duplicates: number;
}

export interface ImporterOptions {
  db: Db;
  photos: PhotoStore;
  queue: JobQueue;
  dataDir: string;
  now: () => number;
  randomId: () => string;
  jobTemplate: () => Promise<JobTemplate>;
}

/** Largest single file read into memory for validation: 1 GiB (a 16-bit 300 MP TIFF is ~1.8 GB; refused). */
const MAX_FILE_BYTES = 1024 ** 3;

export function createImporter(options: ImporterOptions) {
  const { db, photos, queue, now, randomId } = options;
  const thumbnailsDir = join(options.dataDir, 'thumbnails');
  const uploadsDir = join(options.dataDir, 'originals');

  /** One file: validate, thumbnail, then photo + job rows in one transaction. Never throws for bad input. */
  async function importOne(
    input: { sourcePath: string; name: string; relPath: string; albumId: string | null; bytes: Uint8Array },
    outcome: ImportOutcome,
    inspected?: Inspection,
  ): Promise<void> {
    const inspection = inspected ?? (await inspectImage(input.bytes));
    if (!inspection.ok) {
      outcome.rejected.push({ name: input.relPath, code: inspection.code, reason: inspection.reason });
      return;
    }
    const existing = photos.bySha(inspection.sha256);
    const template = await options.jobTemplate();
    let thumbPath: string | null = null;
    if (!existing) {
      await mkdir(thumbnailsDir, { recursive: true });
      thumbPath = join(thumbnailsDir, `${inspection.sha256}.jpg`);
      await writeFile(thumbPath, inspection.thumbnailJpeg);
    }
    const photoId = db
      .transaction(() => {
        const id = existing?.id ?? randomId();
        if (!existing) {
          photos.insert({
            id,
            sha256: inspection.sha256,
            album_id: input.albumId,
            source_path: input.sourcePath,
            name: input.name,
            rel_path: input.relPath,
            width: inspection.width,
            height: inspection.height,
            format: inspection.format,
            size_bytes: input.bytes.byteLength,
            thumb_path: thumbPath,
            imported_at_ms: now(),
          });
        }
        queue.enqueue({
          photoId: id,
          idempotencyKey: template.idempotencyKey(inspection.sha256),
          workflowId: template.workflowId,
          params: template.params,
        });
        return id;
      })
      .immediate();
    if (existing) outcome.duplicates++;
    outcome.photoIds.push(photoId);
  }

  async function importFile(path: string, relPath: string, albumId: string | null, outcome: ImportOutcome): Promise<void> {
    try {
      const info = await stat(path);
      if (info.size > MAX_FILE_BYTES) {
        outcome.rejected.push({ name: relPath, code: 'too-large', reason: `The file is ${(info.size / 1024 ** 3).toFixed(1)} GB; the limit is 1 GB.` });
        return;
      }
      const bytes = await readFile(path);
      await importOne({ sourcePath: path, name: basename(path), relPath, albumId, bytes }, outcome);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      outcome.rejected.push({ name: relPath, code: 'unreadable', reason: `The file cannot be read (${code}).` });
    }
  }

  return {
    /** Files and folders by absolute path; a folder becomes an album and is walked recursively. */
    async importPaths(paths: readonly string[], signal?: AbortSignal): Promise<ImportOutcome> {
      const outcome: ImportOutcome = { photoIds: [], rejected: [], duplicates: 0 };
      for (const raw of paths) {
        signal?.throwIfAborted();
        const path = resolve(raw);
        let info;
        try {
          info = await stat(path);
        } catch (error) {
          outcome.rejected.push({ name: raw, code: 'not-found', reason: `Not found (${(error as NodeJS.ErrnoException).code ?? 'error'}).` });
          continue;
        }
        if (info.isDirectory()) {
          const albumId = db.transaction(() => photos.albumFor(path, basename(path), randomId, now())).immediate();
          for await (const file of walkFiles(path, () => undefined, signal)) {
            await importFile(file.path, file.relPath, albumId, outcome);
          }
        } else {
          await importFile(path, basename(path), null, outcome);
        }
      }
      return outcome;
    },

    /** Bytes uploaded through the browser host: kept under the data dir (the user's file stays where it was). */
    async importUpload(name: string, bytes: Uint8Array): Promise<ImportOutcome> {
      const outcome: ImportOutcome = { photoIds: [], rejected: [], duplicates: 0 };
      const displayName = basename(name.replaceAll('\\', '/')) || 'photo';
      const inspection = await inspectImage(bytes);
      if (!inspection.ok) {
        outcome.rejected.push({ name: displayName, code: inspection.code, reason: inspection.reason });
        return outcome;
      }
      await mkdir(uploadsDir, { recursive: true });
      const stored = join(uploadsDir, `${inspection.sha256}.${FORMAT_EXTENSIONS[inspection.format]}`);
      await writeFile(stored, bytes);
      await importOne({ sourcePath: stored, name: displayName, relPath: displayName, albumId: null, bytes }, outcome, inspection);
      return outcome;
    },
  };
}
