import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { AnyEvent, CommandHandlers, ImportResult, MediaVariant, PhotoDto, QueueStatusDto, SettingsDto } from '../../shared/contract';
import { openDatabase } from '../db/open-database';
import { createDispatcher } from '../dispatch/dispatcher';
import { createEventHub } from '../events/event-hub';
import { createImporter, type ImportOutcome } from '../library/import-photos';
import { createPhotoStore } from '../library/photo-store';
import { createJobQueue } from '../queue/job-queue';
import type { HeirloomCore } from './core';
import { createSettingsStore } from './settings-store';
import { createWorkflowRegistry } from './workflow-registry';

export interface CreateCoreOptions {
  dataDir: string;
  workflowsDir: string;
  defaultOutputDir: string;
  appVersion: string;
  /** Electron-ABI build of better-sqlite3 when running inside Electron. */
  nativeBinding?: string | undefined;
  /** Settings applied at start (CLI flags); persisted like any settings change. */
  overrides?: Partial<SettingsDto>;
  now?: () => number;
  randomId?: () => string;
  random?: () => number;
  /** Passed to the dispatcher: how long to wait before probing an offline backend again. */
  offlineRetryMs?: number;
}

export const DEFAULT_BACKEND_URL = 'http://127.0.0.1:8188';
export const DEFAULT_WORKFLOW_ID = 'ddcolor-portrait';

/** Builds the whole core (plain Node): database, queue, import, dispatch, and the contract's handlers. */
export async function createHeirloomCore(options: CreateCoreOptions): Promise<HeirloomCore & { waitForIdle(): Promise<void> }> {
  const now = options.now ?? Date.now;
  const randomId = options.randomId ?? randomUUID;
  const random = options.random ?? Math.random;
  const db = openDatabase(join(options.dataDir, 'heirloom.sqlite'), { nativeBinding: options.nativeBinding, now });
  const hub = createEventHub();
  const photos = createPhotoStore(db);
  const workflows = await createWorkflowRegistry(options.workflowsDir);
  const settings = createSettingsStore(db, {
    backendUrl: DEFAULT_BACKEND_URL,
    outputDir: options.defaultOutputDir,
    workflowId: DEFAULT_WORKFLOW_ID,
    workflowParams: {},
    outputFormat: 'png',
    namingPattern: '{name}.colorized',
    keepMetadata: true,
    language: 'system',
    theme: 'system',
  });
  if (options.overrides) {
    const { workflowId, ...rest } = options.overrides;
    settings.update({ ...rest, ...(workflowId ? { workflowId: await workflows.resolveId(workflowId) } : {}) });
  }

  // Job changes can happen inside a transaction; events go out once the current task is done,
  // one per photo however many changes it had.
  const pendingPhotos = new Set<string>();
  function photoChanged(photoId: string) {
    if (pendingPhotos.size === 0) {
      queueMicrotask(() => {
        const ids = [...pendingPhotos];
        pendingPhotos.clear();
        for (const id of ids) {
          const dto = photos.dto(id);
          if (dto) hub.emit({ name: 'photo.updated', payload: dto });
        }
      });
    }
    pendingPhotos.add(photoId);
  }

  const queue = createJobQueue({
    db,
    now,
    randomId,
    random,
    onChange: (jobId) => {
      const photoId = photos.photoIdOfJob(jobId);
      if (photoId) photoChanged(photoId);
    },
  });
  const importer = createImporter({
    db,
    photos,
    queue,
    dataDir: options.dataDir,
    now,
    randomId,
    jobTemplate: () => {
      const { workflowId, workflowParams } = settings.get();
      return workflows.jobTemplate(workflowId, workflowParams);
    },
  });
  const dispatcher = createDispatcher({
    queue,
    photos,
    workflows,
    now,
    backendUrl: () => settings.get().backendUrl,
    outputRoot: () => settings.get().outputDir,
    currentWorkflowId: () => settings.get().workflowId,
    onBackend: (backend) => hub.emit({ name: 'backend.updated', payload: backend }),
    ...(options.offlineRetryMs === undefined ? {} : { offlineRetryMs: options.offlineRetryMs }),
  });

  function queueStatus(): QueueStatusDto {
    const scopes = queue.pausedScopes();
    return { paused: scopes.all, pausedAlbumIds: scopes.albums };
  }
  function queueStatusChanged(): QueueStatusDto {
    const status = queueStatus();
    hub.emit({ name: 'queue.updated', payload: status });
    return status;
  }

  function toResult(outcome: ImportOutcome): ImportResult {
    const seen = new Set<string>();
    const list: PhotoDto[] = [];
    for (const id of outcome.photoIds) {
      if (seen.has(id)) continue;
      seen.add(id);
      const dto = photos.dto(id);
      if (dto) list.push(dto);
    }
    dispatcher.wake();
    return { photos: list, rejected: outcome.rejected, duplicates: outcome.duplicates };
  }

  const handlers: CommandHandlers = {
    'app.info': async () => ({ version: options.appVersion, dataDir: options.dataDir }),
    'photos.list': async () => photos.list(),
    'photos.importPaths': async ({ paths }) => toResult(await importer.importPaths(paths)),
    'jobs.retry': async ({ photoIds }) => {
      const retried = queue.retryPhotos(photoIds);
      dispatcher.wake();
      return { retried };
    },
    'jobs.cancel': async ({ photoIds }) => {
      const { canceled, running } = queue.cancelPhotos(photoIds);
      await dispatcher.cancelRunning(running);
      return { canceled };
    },
    'jobs.setPriority': async ({ photoIds, priority }) => ({ updated: queue.setPriority(photoIds, priority) }),
    'queue.pause': async ({ albumId }) => {
      queue.pause(albumId);
      return queueStatusChanged();
    },
    'queue.resume': async ({ albumId }) => {
      queue.resume(albumId);
      dispatcher.wake();
      return queueStatusChanged();
    },
    'queue.status': async () => queueStatus(),
    'albums.list': async () => {
      const paused = new Set(queue.pausedScopes().albums);
      return photos.albums().map((album) => ({ id: album.id, name: album.name, rootPath: album.root_path, paused: paused.has(album.id) }));
    },
    'settings.get': async () => settings.get(),
    'settings.update': async (patch) => {
      const { workflowId, ...rest } = patch;
      const resolvedId = workflowId ? await workflows.resolveId(workflowId) : undefined;
      // Parameters are checked against the workflow's manifest before anything is saved or queued.
      const current = settings.get();
      await workflows.jobTemplate(resolvedId ?? current.workflowId, patch.workflowParams ?? (resolvedId ? {} : current.workflowParams));
      const next = settings.update({ ...rest, ...(resolvedId ? { workflowId: resolvedId } : {}), ...(resolvedId && !patch.workflowParams ? { workflowParams: {} } : {}) });
      dispatcher.wake();
      return next;
    },
    'backends.list': async () => [dispatcher.backend()],
    'backends.test': async ({ url }) => dispatcher.test(url, AbortSignal.timeout(15_000)),
    'workflows.list': async () => workflows.list(),
  };

  let started = false;
  return {
    handlers,
    subscribe: (listener: (event: AnyEvent) => void) => hub.subscribe(listener),
    mediaPath(photoId: string, variant: MediaVariant) {
      const row = photos.row(photoId);
      if (!row) return undefined;
      switch (variant) {
        case 'original':
          return row.source_path;
        case 'thumb':
          return row.thumb_path ?? undefined;
        case 'result':
          return photos.resultPath(photoId);
        default: {
          const exhaustive: never = variant;
          return exhaustive;
        }
      }
    },
    async importUpload({ name, bytes }) {
      return toResult(await importer.importUpload(name, bytes));
    },
    async start() {
      if (started) return;
      started = true;
      dispatcher.start();
    },
    waitForIdle: () => dispatcher.waitForIdle(),
    async close() {
      await dispatcher.stop();
      db.close();
    },
  };
}
